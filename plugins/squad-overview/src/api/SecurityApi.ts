import { createApiRef } from '@backstage/frontend-plugin-api';
import type { SquadSecurity } from '@internal/backstage-plugin-release-status-common';

export type {
  SecurityFigure,
  ServiceSecurity,
  SquadSecurity,
} from '@internal/backstage-plugin-release-status-common';

/**
 * The squad's high and critical CVEs, from the release-status backend
 * (`GET /squads/{squad}/security`).
 *
 * @public
 */
export interface SecurityApi {
  /** `squadRef` is the Group's entity ref; environment: the backend's default (prod). */
  getSquadSecurity(
    squadRef: string,
    options?: { environment?: string },
  ): Promise<SquadSecurity>;
}

/** @public */
export const securityApiRef = createApiRef<SecurityApi>({
  id: 'plugin.squad-overview.security',
});
