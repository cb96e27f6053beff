import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { ReleaseManagerHealth } from '@internal/backstage-plugin-release-status-common';
import { ReleaseManagerContact, ReleaseManagerContactStore } from '../types';

/** A last success older than this many backfill intervals is stale. */
export const STALE_AFTER_INTERVALS = 3;

/** Whether the release manager's data is current, as the API tells it. */
export interface ReleaseManagerHealthSource {
  get(): Promise<ReleaseManagerHealth>;
}

/**
 * Milliseconds between two backfills; undefined for a cron or manual
 * schedule, whose runs are not evenly spaced.
 */
export function backfillIntervalMs(
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'],
): number | undefined {
  if ('cron' in frequency || 'trigger' in frequency) {
    return undefined;
  }
  // A luxon Duration, from an ISO 8601 string in config.
  if ('toMillis' in frequency && typeof frequency.toMillis === 'function') {
    return frequency.toMillis();
  }
  return durationToMilliseconds(frequency as HumanDuration);
}

/** The contact record as the API answers it. */
export function toReleaseManagerHealth(
  contact: ReleaseManagerContact,
  options: { intervalMs?: number; now: number },
): ReleaseManagerHealth {
  const { lastReachedAt, lastError } = contact;
  const stale =
    lastReachedAt === undefined ||
    (lastError !== undefined && lastError.at > lastReachedAt) ||
    (options.intervalMs !== undefined &&
      options.now - lastReachedAt > STALE_AFTER_INTERVALS * options.intervalMs);
  return {
    configured: true,
    ...(lastReachedAt !== undefined && {
      lastReachedAt: new Date(lastReachedAt).toISOString(),
    }),
    ...(lastError && {
      lastError: {
        message: lastError.message,
        at: new Date(lastError.at).toISOString(),
      },
    }),
    stale,
  };
}

/**
 * Reads the backfill's contacts from the store; without a schedule the
 * release manager is not configured and never stale.
 */
export function createReleaseManagerHealthSource(options: {
  contacts: ReleaseManagerContactStore;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => number;
}): ReleaseManagerHealthSource {
  const { contacts, schedule } = options;
  const now = options.now ?? Date.now;
  if (!schedule) {
    return { get: async () => ({ configured: false, stale: false }) };
  }
  const intervalMs = backfillIntervalMs(schedule.frequency);
  return {
    get: async () =>
      toReleaseManagerHealth(await contacts.get(), { intervalMs, now: now() }),
  };
}
