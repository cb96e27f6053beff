import { createApiRef } from '@backstage/frontend-plugin-api';
import type { Release, ServiceDrift, SquadDrift } from './types';

/**
 * What the release-status frontend needs from the release-status backend.
 *
 * Errors are `ResponseError`s from `@backstage/errors`; an unknown service is
 * a 404.
 */
export interface ReleaseStatusApi {
  /** What each environment runs and which environments are behind which. */
  getServiceDrift(service: string): Promise<ServiceDrift>;
  /** Releases of a service to one environment, newest first. */
  getReleaseHistory(
    service: string,
    environment: string,
    options?: { limit?: number },
  ): Promise<Release[]>;
  /** Every service the squad owns, with its state; `squad` is a group entity ref. */
  getSquadDrift(squad: string): Promise<SquadDrift>;
}

export const releaseStatusApiRef = createApiRef<ReleaseStatusApi>({
  id: 'plugin.release-status.api',
});
