import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  DeploymentsResponse,
  PullRequestsResponse,
  PulseResponse,
  ServicesResponse,
  SquadName,
} from './types';

/**
 * What the squad overview needs from the squad-overview backend.
 *
 * @public
 */
export interface SquadOverviewApi {
  getServices(squad: SquadName): Promise<ServicesResponse>;
  getPullRequests(
    squad: SquadName,
    options?: { q?: string },
  ): Promise<PullRequestsResponse>;
  getPulse(
    squad: SquadName,
    options?: { before?: string; limit?: number },
  ): Promise<PulseResponse>;
  /**
   * The squad's services on each Kubernetes cluster; with `since`, from a
   * read of the clusters at or after that time (ISO 8601).
   */
  getDeployments(
    squad: SquadName,
    options?: { since?: string },
  ): Promise<DeploymentsResponse>;
}

/** @public */
export const squadOverviewApiRef = createApiRef<SquadOverviewApi>({
  id: 'plugin.squad-overview.api',
});
