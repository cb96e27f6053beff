import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { DEAD_LETTER_STORED_TOPIC } from '@internal/backstage-plugin-dead-letter-common';
import { PulseStore } from '../types';
import {
  DEAD_LETTER_SERVICE_ANNOTATION,
  SquadDirectory,
} from '../service/SquadDirectory';
import { PulseRecorder } from '../service/PulseRecorder';

export interface SpikeSettings {
  threshold: number;
  windowMinutes: number;
}

/**
 * Counts stored dead letters per service and environment in a sliding window
 * (in the database, so every replica counts the same); over the threshold a
 * 'dead-letters-spiked' entry and a notification to the owning squad, at most
 * once per service, environment and window.
 */
export class DeadLetterSpikes {
  constructor(
    private readonly options: {
      store: PulseStore;
      recorder: PulseRecorder;
      directory: SquadDirectory;
      notifications: NotificationService;
      logger: LoggerService;
      settings: SpikeSettings;
      now?: () => number;
    },
  ) {}

  async onStored(payload: unknown): Promise<void> {
    const { store, directory, settings, logger } = this.options;
    const p = payload as Record<string, unknown> | undefined;
    const service = p?.service;
    const environment = p?.environment;
    const count = Number(p?.count ?? 1);
    if (
      typeof service !== 'string' ||
      !service ||
      typeof environment !== 'string' ||
      !environment ||
      !Number.isFinite(count) ||
      count <= 0
    ) {
      logger.warn(`Ignored a malformed ${DEAD_LETTER_STORED_TOPIC} event`);
      return;
    }
    const now = (this.options.now ?? Date.now)();
    const windowMs = settings.windowMinutes * 60_000;
    const since = now - windowMs;
    const total = await store.addDeadLetters({
      service,
      environment,
      count,
      at: now,
      since,
    });
    if (total < settings.threshold) {
      return;
    }
    const owner = await directory.findByServiceName(
      service,
      DEAD_LETTER_SERVICE_ANNOTATION,
    );
    if (!owner) {
      return;
    }
    const prefix = `dead-letters:${service}:${environment}:`;
    if (
      await store.hasEntrySince({
        squad: owner.squad,
        service: owner.service,
        kind: 'dead-letters-spiked',
        sourcePrefix: prefix,
        since,
      })
    ) {
      return;
    }
    // The source id is the claim: of two replicas seeing the same spike in
    // the same window, only one inserts it (unique source id).
    const bucket = Math.floor(now / windowMs);
    const link = `/catalog/default/component/${encodeURIComponent(
      owner.service,
    )}/dead-letter?environment=${encodeURIComponent(environment)}`;
    const entry = await this.options.recorder.record({
      sourceId: `${prefix}${bucket}`,
      squad: owner.squad,
      service: owner.service,
      kind: 'dead-letters-spiked',
      summary: `${total} new dead letters for ${owner.service} in ${environment} within ${settings.windowMinutes} minutes`,
      url: link,
      at: now,
    });
    if (!entry) {
      return;
    }
    await this.options.notifications.send({
      recipients: { type: 'entity', entityRef: owner.squad },
      payload: {
        title: `Dead letters spiked: ${owner.service} in ${environment}`,
        description: entry.summary,
        link,
        severity: 'high',
        topic: 'squad-overview:dead-letters-spiked',
      },
    });
  }
}
