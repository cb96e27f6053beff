import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { databaseAccessApiRef } from '../../api';

/** The configured environments (GET /environments), once per view. */
export function useEnvironments() {
  const api = useApi(databaseAccessApiRef);
  return useAsync(() => api.listEnvironments(), [api]);
}
