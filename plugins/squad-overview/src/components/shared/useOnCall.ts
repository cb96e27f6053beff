import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { onCallApiRef, PAGERDUTY_SERVICE_ID_ANNOTATION } from '../../api';

/** Who is on call for a squad (its Group's PagerDuty annotation). */
export function useOnCall(entity: Entity) {
  const api = useApi(onCallApiRef);
  const serviceId =
    entity.metadata.annotations?.[PAGERDUTY_SERVICE_ID_ANNOTATION];
  return useAsync(() => api.getOnCall(serviceId), [api, serviceId]);
}
