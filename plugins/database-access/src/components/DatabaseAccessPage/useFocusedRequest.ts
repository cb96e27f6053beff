import { useApi, useAppSearchParams } from '@backstage/frontend-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { databaseAccessApiRef } from '../../api';

/**
 * The request named by `?request=<id>`: where the backend's notifications
 * link to, so the approver lands on the request to decide.
 */
export function useFocusedRequest() {
  const api = useApi(databaseAccessApiRef);
  const [params] = useAppSearchParams();
  const id = params.get('request') ?? '';
  const state = useAsyncRetry(
    async () => (id ? api.getRequest(id) : undefined),
    [api, id],
  );
  return { id, ...state };
}
