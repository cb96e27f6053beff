import { useApi } from '@backstage/frontend-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { databaseAccessApiRef, ListRequestsQuery } from '../../api';

/** One list of requests, reloadable after an action. */
export function useRequests(query: ListRequestsQuery, enabled = true) {
  const api = useApi(databaseAccessApiRef);
  const key = JSON.stringify(query);
  return useAsyncRetry(
    async () => (enabled ? (await api.listRequests(query)).items : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, enabled],
  );
}
