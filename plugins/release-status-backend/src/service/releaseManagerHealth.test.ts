import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  backfillIntervalMs,
  toReleaseManagerHealth,
} from './releaseManagerHealth';

const T0 = Date.parse('2026-12-01T06:00:00Z');
const MINUTE = 60_000;

describe('toReleaseManagerHealth', () => {
  const intervalMs = 30 * MINUTE;

  it('is fresh after a recent success, even with an older failure', () => {
    expect(
      toReleaseManagerHealth(
        {
          lastReachedAt: T0,
          lastError: { message: 'Request failed with 502', at: T0 - MINUTE },
        },
        { intervalMs, now: T0 + 89 * MINUTE },
      ),
    ).toEqual({
      configured: true,
      lastReachedAt: '2026-12-01T06:00:00.000Z',
      lastError: {
        message: 'Request failed with 502',
        at: '2026-12-01T05:59:00.000Z',
      },
      stale: false,
    });
  });

  it('is stale when never reached, after a later failure, or after three missed runs', () => {
    const stale = (contact: Parameters<typeof toReleaseManagerHealth>[0]) =>
      toReleaseManagerHealth(contact, { intervalMs, now: T0 + 91 * MINUTE })
        .stale;
    expect(stale({})).toBe(true);
    expect(
      stale({
        lastReachedAt: T0 + 90 * MINUTE,
        lastError: { message: 'boom', at: T0 + 91 * MINUTE },
      }),
    ).toBe(true);
    expect(stale({ lastReachedAt: T0 })).toBe(true);
    // A cron schedule: no interval, so age alone does not make it stale.
    expect(
      toReleaseManagerHealth(
        { lastReachedAt: T0 },
        { intervalMs: undefined, now: T0 + 10 * 24 * 60 * MINUTE },
      ).stale,
    ).toBe(false);
  });
});

describe('backfillIntervalMs', () => {
  it('reads every kind of frequency of releaseStatus.releaseManager.schedule', () => {
    const interval = (frequency: object | string) =>
      backfillIntervalMs(
        readSchedulerServiceTaskScheduleDefinitionFromConfig(
          new ConfigReader({ frequency, timeout: { minutes: 1 } }),
        ).frequency,
      );
    expect(interval({ minutes: 30 })).toBe(30 * MINUTE);
    expect(interval('PT1H')).toBe(60 * MINUTE);
    expect(interval({ cron: '*/5 * * * *' })).toBeUndefined();
    expect(interval({ trigger: 'manual' })).toBeUndefined();
  });
});
