import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { deadLetterApiRef } from '../../api';

export function useEnvironments() {
  const api = useApi(deadLetterApiRef);
  return useAsync(() => api.listEnvironments(), [api]);
}
