import { ResponseError } from '@backstage/errors';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';

/** The clusters the Kubernetes backend knows, by name. */
export type Clusters = { configured: boolean; names: string[] };

/**
 * Asks the Kubernetes backend for its clusters (`GET /clusters`). Without
 * `kubernetes` config the backend mounts no routes (404); with config but no
 * cluster it answers an empty list: both are "not configured". Other
 * failures are errors.
 */
export function useClusters() {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useAsync(async (): Promise<Clusters> => {
    const base = await discoveryApi.getBaseUrl('kubernetes');
    const res = await fetchApi.fetch(`${base}/clusters`);
    if (res.status === 404) return { configured: false, names: [] };
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body: { items?: { name: string }[] } = await res.json();
    const names = (body.items ?? []).map(c => c.name);
    return { configured: names.length > 0, names };
  }, [discoveryApi, fetchApi]);
}
