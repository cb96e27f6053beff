import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  ReleaseManagerApi,
  ReleaseManagerContactStore,
  ReleaseRecord,
  ReleaseStore,
} from '../types';
import {
  fromDescribedRelease,
  fromStatusEnvironment,
} from './releaseManagerModel';

export interface BackfillResult {
  services: number;
  recorded: number;
  /** Releases the store refused (a time in the future, a bad link, ...). */
  refused: number;
  failedServices: string[];
}

/**
 * Reads what the release manager knows of each service and stores what we
 * lack. Environments with nothing released are missing from its `/status`;
 * fields are omitted when empty. One failing service does not stop the rest.
 *
 * The run is recorded in `contacts`: the release manager was reached when the
 * `/status` of at least one service could be read; when every service failed,
 * the last error is recorded instead. A run without services records nothing.
 */
export async function backfillFromReleaseManager(options: {
  api: ReleaseManagerApi;
  store: ReleaseStore;
  services: string[];
  environments: string[];
  historyCount: number;
  logger: LoggerService;
  contacts?: ReleaseManagerContactStore;
  now?: () => number;
}): Promise<BackfillResult> {
  const { api, store, environments, logger } = options;
  const now = options.now ?? Date.now;
  const result: BackfillResult = {
    services: 0,
    recorded: 0,
    refused: 0,
    failedServices: [],
  };

  // One bad release of the release manager's does not stop the others.
  const record = async (release: ReleaseRecord | undefined) => {
    if (!release) {
      return;
    }
    try {
      if ((await store.record(release)).created) {
        result.recorded += 1;
      }
    } catch (error) {
      if (!isError(error) || error.name !== 'InputError') {
        throw error;
      }
      result.refused += 1;
      logger.warn(
        `Release manager: refused ${release.service}/${release.environment} ${release.artifactId}: ${error.message}`,
      );
    }
  };

  let lastError: unknown;
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
          await record(fromDescribedRelease(service, environment, release));
        }
        // What runs there now, when the history did not tell us.
        const current = await store.current(service, environment);
        if (status.tag && current?.artifactId !== status.tag) {
          await record(fromStatusEnvironment(service, status, now()));
        }
      }
      result.services += 1;
    } catch (error) {
      lastError = error;
      result.failedServices.push(service);
      logger.warn(`Release manager: backfill of ${service} failed: ${error}`);
    }
  }

  if (options.contacts && options.services.length > 0) {
    if (result.services > 0) {
      await options.contacts.recordReached(now());
    } else {
      await options.contacts.recordFailure(describeError(lastError), now());
    }
  }
  return result;
}

/** "fetch failed" alone does not say why: add its cause (ECONNREFUSED, ...). */
function describeError(error: unknown): string {
  if (!isError(error)) {
    return String(error);
  }
  const cause = (error as { cause?: unknown }).cause;
  return isError(cause) && error.message === 'fetch failed'
    ? `${error.message}: ${cause.message}`
    : error.message;
}
