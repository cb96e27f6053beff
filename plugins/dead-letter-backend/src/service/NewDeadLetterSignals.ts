import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  DEAD_LETTER_STORED_TOPIC,
  INGEST_STATUS_CHANNEL,
  NEW_DEAD_LETTERS_CHANNEL,
} from '@internal/backstage-plugin-dead-letter-common';
import { StoredCount } from '../types';

/**
 * Tells open pages that a service got new dead letters: counts gathered
 * over `intervalMs` (default 1 s) and sent as one broadcast signal per
 * environment and service, so a burst of thousands is a few signals; the
 * same counts go out as events (topic `dead-letter.stored`) for other
 * backend plugins. Only names and a count, never message content. In the
 * same rhythm it tells open pages which environments' ingest status changed
 * (storing began to fail, or works again), so that they ask for it again.
 */
export class NewDeadLetterSignals {
  private pending = new Map<string, StoredCount>();
  private ingestChanges = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      signals: SignalsService;
      events?: EventsService;
      logger: LoggerService;
      intervalMs?: number;
    },
  ) {}

  stored(counts: StoredCount[]) {
    for (const c of counts) {
      if (c.count <= 0) continue;
      const key = `${c.environment}\u0000${c.service}`;
      const entry = this.pending.get(key) ?? { ...c, count: 0 };
      entry.count += c.count;
      this.pending.set(key, entry);
    }
    this.schedule();
  }

  /** The ingest status of `environment` changed. */
  ingestChanged(environment: string) {
    this.ingestChanges.add(environment);
    this.schedule();
  }

  private schedule() {
    if ((this.pending.size > 0 || this.ingestChanges.size > 0) && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.intervalMs ?? 1000);
    }
  }

  /** Sends what is pending now. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const changed = [...this.ingestChanges];
    this.ingestChanges = new Set();
    for (const environment of changed) {
      try {
        await this.options.signals.publish({
          recipients: { type: 'broadcast' },
          channel: INGEST_STATUS_CHANNEL,
          message: { environment },
        });
      } catch (error) {
        // Sent to this replica's pages already when the event bus (the
        // database) is what failed; others see it on their next load.
        this.options.logger.warn(
          `Could not signal the ingest status of ${environment}: ${error}`,
        );
      }
    }
    for (const c of batch) {
      const message = {
        environment: c.environment,
        service: c.service,
        count: c.count,
      };
      try {
        await this.options.events?.publish({
          topic: DEAD_LETTER_STORED_TOPIC,
          eventPayload: message,
        });
      } catch (error) {
        this.options.logger.warn(
          `Could not publish ${DEAD_LETTER_STORED_TOPIC}: ${error}`,
        );
      }
      try {
        await this.options.signals.publish({
          recipients: { type: 'broadcast' },
          channel: NEW_DEAD_LETTERS_CHANNEL,
          message,
        });
      } catch (error) {
        // A missed signal only delays what the page shows until a reload.
        this.options.logger.warn(`Could not signal new dead letters: ${error}`);
      }
    }
  }
}
