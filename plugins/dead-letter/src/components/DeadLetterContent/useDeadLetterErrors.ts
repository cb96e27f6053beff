import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { deadLetterApiRef, ListDeadLetterErrorsRequest } from '../../api';

/**
 * The distinct errors (with counts, top first) of the messages the list's
 * other filters match; fetched again on every reload of the list.
 */
export function useDeadLetterErrors(options: {
  request: ListDeadLetterErrorsRequest;
  /** False until the environment is known. */
  ready: boolean;
  reloadKey: number;
}) {
  const { request, ready, reloadKey } = options;
  const api = useApi(deadLetterApiRef);
  const { environment, service, queue, from, to } = request;
  return useAsync(
    async () =>
      ready
        ? api.listDeadLetterErrors({ environment, service, queue, from, to })
        : undefined,
    [api, ready, reloadKey, environment, service, queue, from, to],
  );
}
