import { LoggerService } from '@backstage/backend-plugin-api';
import {
  isUnassignedService,
  RedeliverResult,
} from '@internal/backstage-plugin-dead-letter-common';
import { randomUUID } from 'node:crypto';
import { DeadLetterConfig } from '../config';
import {
  DeadLetterPublisher,
  DeadLetterStore,
  StoredDeadLetter,
  StoredDeadLetterSummary,
} from '../types';
import { serviceFromQueue } from './message';

/** A claim older than this is taken to belong to a request that died. */
const STALE_CLAIM_MS = 5 * 60_000;
const REDELIVER_CHUNK = 50;

/**
 * Publishes stored dead letters back to their original queues: each id is
 * claimed first (so concurrent requests or replicas publish it once), the
 * target queue is checked against the message's service, and the message
 * is removed only after the broker confirmed it.
 */
export class Redeliverer {
  constructor(
    private readonly options: {
      config: DeadLetterConfig;
      store: DeadLetterStore;
      publishers: Map<string, DeadLetterPublisher>;
      logger: LoggerService;
    },
  ) {}

  /** One result per message, by id. */
  async redeliver(
    summaries: StoredDeadLetterSummary[],
    actor: string,
  ): Promise<Map<string, RedeliverResult>> {
    const results = new Map<string, RedeliverResult>();
    const { store } = this.options;
    const token = randomUUID();
    for (let i = 0; i < summaries.length; i += REDELIVER_CHUNK) {
      const chunk = summaries.slice(i, i + REDELIVER_CHUNK).map(m => m.id);
      // Only the request that claims a message publishes it: the same id
      // redelivered by concurrent requests (or replicas) goes out once.
      const claimed = new Set(
        await store.claimRedelivery(
          chunk,
          token,
          new Date(Date.now() - STALE_CLAIM_MS),
        ),
      );
      const loaded = new Map<string, StoredDeadLetter>(
        (await store.getMany([...claimed])).map(m => [m.id, m]),
      );
      for (const id of chunk) {
        if (!claimed.has(id)) {
          results.set(id, {
            id,
            status: 'failed',
            error: 'already being redelivered by another request',
          });
          continue;
        }
        const result = await this.redeliverOne(loaded.get(id), id, actor);
        if (result.status !== 'redelivered') {
          await store.releaseRedelivery([id], token).catch(() => undefined);
        }
        results.set(id, result);
      }
    }
    return results;
  }

  private async redeliverOne(
    message: StoredDeadLetter | undefined,
    id: string,
    actor: string,
  ): Promise<RedeliverResult> {
    if (!message) {
      return { id, status: 'failed', error: 'message no longer stored' };
    }
    if (message.bodyTruncated) {
      return {
        id,
        status: 'failed',
        error: `the stored body was truncated (${message.bodySize} bytes originally); redelivering it would corrupt the message`,
      };
    }
    const refused = this.refusedTarget(message);
    if (refused) {
      return { id, status: 'failed', error: refused };
    }
    const publisher = this.options.publishers.get(message.environment);
    if (!publisher) {
      return {
        id,
        status: 'failed',
        error: `environment ${message.environment} is not configured`,
      };
    }
    try {
      await publisher.redeliver(message, actor);
    } catch (error) {
      return {
        id,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
      };
    }
    try {
      // Only after the broker confirmed it.
      await this.options.store.delete([id]);
    } catch (error) {
      this.options.logger.error(
        `Redelivered dead letter ${id} but could not remove it: ${error}`,
      );
      return {
        id,
        status: 'redelivered',
        error: `redelivered, but it is still stored: ${error}`,
      };
    }
    return { id, status: 'redelivered' };
  }

  /**
   * The target queue comes from headers anyone who can publish may forge:
   * it must belong to the message's service (by the service rule), and
   * match the environment's permitted pattern when one is configured.
   */
  private refusedTarget(message: StoredDeadLetter): string | undefined {
    const { config } = this.options;
    const owner = serviceFromQueue(message.queue, config.serviceRule);
    if (isUnassignedService(message.service)) {
      // Only admins reach these; a queue of no service is theirs to target,
      // but not the dead-letter queue itself (where the origin is unknown).
      if (message.queue === message.deadLetterQueue) {
        return `refused: the original queue of this message is not known`;
      }
      if (owner !== undefined) {
        return `refused: queue ${message.queue} belongs to ${owner}, not to the unassigned dead letters`;
      }
    } else if (owner !== message.service) {
      return `refused: queue ${message.queue} belongs to ${owner}, not to ${message.service}`;
    }
    const pattern = config.environments.find(
      e => e.name === message.environment,
    )?.redeliverQueuePattern;
    if (pattern && !pattern.test(message.queue)) {
      return `refused: queue ${message.queue} is not one that ${message.environment} permits redelivery to (${pattern.source})`;
    }
    return undefined;
  }
}
