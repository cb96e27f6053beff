import { LoggerService } from '@backstage/backend-plugin-api';
import { ReleaseManagerApi, ReleaseStore } from '../types';
import {
  fromDescribedRelease,
  fromStatusEnvironment,
} from './releaseManagerModel';

export interface BackfillResult {
  services: number;
  recorded: number;
  failedServices: string[];
}

/**
 * Reads what the release manager knows of each service and stores what we
 * lack. Environments with nothing released are missing from its `/status`;
 * fields are omitted when empty. One failing service does not stop the rest.
 */
export async function backfillFromReleaseManager(options: {
  api: ReleaseManagerApi;
  store: ReleaseStore;
  services: string[];
  environments: string[];
  historyCount: number;
  logger: LoggerService;
  now?: () => number;
}): Promise<BackfillResult> {
  const { api, store, environments, logger } = options;
  const now = options.now ?? Date.now;
  const result: BackfillResult = {
    services: 0,
    recorded: 0,
    failedServices: [],
  };

  for (const service of options.services) {
    try {
      const statuses = await api.status(service);
      for (const status of statuses) {
        const environment = status.name;
        if (!environment || !environments.includes(environment)) {
          continue;
        }
        let history = await api
          .describeReleases(service, environment, options.historyCount)
          .catch(error => {
            logger.warn(
              `Release manager: describe ${service}/${environment} failed, using /status only: ${error}`,
            );
            return [];
          });
        // Oldest first, so the newest one is recorded last.
        history = [...history].reverse();
        for (const release of history) {
          const record = fromDescribedRelease(service, environment, release);
          if (record && (await store.record(record)).created) {
            result.recorded += 1;
          }
        }
        // What runs there now, when the history did not tell us.
        const current = await store.current(service, environment);
        if (status.tag && current?.artifactId !== status.tag) {
          const record = fromStatusEnvironment(service, status, now());
          if (record && (await store.record(record)).created) {
            result.recorded += 1;
          }
        }
      }
      result.services += 1;
    } catch (error) {
      result.failedServices.push(service);
      logger.warn(`Release manager: backfill of ${service} failed: ${error}`);
    }
  }
  return result;
}
