import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import {
  PulseEntry,
  PulseMessage,
  SQUAD_OVERVIEW_PULSE_CHANNEL,
} from '@internal/backstage-plugin-squad-overview-common';
import { NewPulseEntry, PulseStore } from '../types';

/** Stores pulse entries once and publishes each new one as a signal. */
export class PulseRecorder {
  constructor(
    private readonly store: PulseStore,
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
  ) {}

  /** The stored entry, or undefined when its source id was seen before. */
  async record(entry: NewPulseEntry): Promise<PulseEntry | undefined> {
    const stored = await this.store.add(entry);
    if (!stored) {
      this.logger.debug(`Pulse: ${entry.sourceId} was recorded before`);
      return undefined;
    }
    try {
      const message: PulseMessage = { squad: entry.squad, entry: stored };
      await this.signals.publish({
        recipients: { type: 'broadcast' },
        channel: SQUAD_OVERVIEW_PULSE_CHANNEL,
        message: message as unknown as JsonObject,
      });
    } catch (error) {
      // The entry is stored; an open page sees it on its next load.
      this.logger.warn(`Pulse: could not publish the signal: ${error}`);
    }
    return stored;
  }
}
