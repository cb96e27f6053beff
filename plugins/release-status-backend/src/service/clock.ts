import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** The time, for what depends on the day (the daily security figure). */
export interface ClockService {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * The plugin's clock: the system's by default; tests replace it with a
 * factory of their own to move between days without waiting.
 *
 * @public
 */
export const clockServiceRef = createServiceRef<ClockService>({
  id: 'release-status.clock',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => ({ now: () => Date.now() }),
    }),
});
