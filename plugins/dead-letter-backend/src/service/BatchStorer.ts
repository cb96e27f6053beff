import { LoggerService } from '@backstage/backend-plugin-api';
import { ConsumeMessage } from 'amqplib';
import { DeadLetterStore, IncomingDeadLetter } from '../types';
import { IngestContext, MessageRules, parkedDeadLetter } from './message';

/** A delivery received and not yet acked. */
export interface Pending {
  message: ConsumeMessage;
  context: IngestContext;
  incoming: IncomingDeadLetter;
}

/** Storing fails: why (the latest failure), and since when. */
export interface StoreError {
  message: string;
  at: Date;
}

export interface BatchStorerOptions {
  store: Pick<DeadLetterStore, 'insertBatch'>;
  logger: LoggerService;
  rules: MessageRules;
  /** Refusals of a whole batch before its messages are stored one by one. Default 3. */
  batchAttempts?: number;
  /** First retry delay of a failed store, doubling up to `maxRetryDelayMs`. Default 200 ms. */
  retryDelayMs?: number;
  /** Default 5000 ms: how late, at most, storing resumes once the database answers. */
  maxRetryDelayMs?: number;
  /** Storing began to fail, or works again. */
  onStoreErrorChange?: (error: StoreError | undefined) => void;
}

const MAX_REASON_LENGTH = 500;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

// Errors of the connection, not of the statement: the database is down,
// restarting, unreachable, out of connections, or busy.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'SQLITE_BUSY',
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '57P01', // admin_shutdown (pg_ctl stop -m fast, restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (shutting down, starting up)
]);

/**
 * The database could not take the batch for a reason that is not the
 * messages' own: it is retried as it is, never parked.
 */
export function isTransientStoreFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') {
    return false;
  }
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string') {
    // Class 08: connection exception.
    if (TRANSIENT_CODES.has(code) || code.startsWith('08')) {
      return true;
    }
  }
  if (name === 'KnexTimeoutError') {
    return true;
  }
  return /Connection terminated|terminating connection|database system is (shutting down|starting up)/i.test(
    String((error as { message?: unknown }).message),
  );
}

/**
 * Why a store failed, without the statement and values knex writes before
 * the database's own message (they hold message content, and the status of
 * an environment is shown to everyone who may open the tab).
 */
export function storeFailureReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const cut = text.lastIndexOf(' - ');
  const reason = cut >= 0 ? text.slice(cut + 3) : text;
  return reason.length > MAX_REASON_LENGTH
    ? `${reason.slice(0, MAX_REASON_LENGTH)}…`
    : reason;
}

/** What a batch's one-by-one passes achieved, kept across its retries. */
interface Progress {
  stored: Map<Pending, string[]>;
  /** Messages the database refused alone, with its reason: parked. */
  refused: Map<Pending, string>;
}

/**
 * Stores the batches ingest receives, retrying until they are stored or no
 * longer wanted (their channel is gone, the broker redelivers them), and
 * tells whether storing fails now.
 *
 * A batch the database refuses is, after `batchAttempts` tries, stored
 * message by message, and a message it still refuses is parked (kept
 * without its headers, with the reason), so one bad message never holds
 * back the acks of the others. A failure of the connection (the database is
 * down or restarting) is no refusal: the batch waits for the database as it
 * is. What a pass stored is not stored again by the next one, and after a
 * failure that may have come after the commit (the answer was lost), the
 * retry goes as a redelivery does: rows of the same content still waiting
 * for their ack are taken for these messages instead of new ones.
 */
export class BatchStorer {
  private failing?: StoreError;

  constructor(private readonly options: BatchStorerOptions) {}

  /** Since when storing fails, and why; undefined while it works. */
  storeError(): StoreError | undefined {
    return this.failing && { ...this.failing };
  }

  /**
   * Resolves to the new row ids, or undefined once `wanted()` says the batch
   * is no longer wanted after a failure.
   */
  async store(
    batch: Pending[],
    wanted: () => boolean,
  ): Promise<string[] | undefined> {
    const attempts = this.options.batchAttempts ?? 3;
    const maxDelay = this.options.maxRetryDelayMs ?? 5000;
    let delay = Math.min(this.options.retryDelayMs ?? 200, maxDelay);
    const progress: Progress = { stored: new Map(), refused: new Map() };
    let refusals = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        const ids =
          refusals < attempts
            ? (await this.options.store.insertBatch(batch.map(p => p.incoming)))
                .ids
            : await this.storeOneByOne(batch, progress);
        this.succeeded();
        return ids;
      } catch (error) {
        if (!wanted()) {
          return undefined;
        }
        if (isTransientStoreFailure(error)) {
          for (const pending of batch) {
            if (!progress.stored.has(pending)) {
              pending.incoming.redelivered = true;
            }
          }
        } else {
          refusals += 1;
        }
        this.failed(error);
        this.options.logger.error(
          `Could not store ${
            batch.length
          } dead letters (attempt ${attempt}), retrying in ${delay} ms: ${storeFailureReason(
            error,
          )}`,
        );
        await sleep(delay);
        delay = Math.min(delay * 2, maxDelay);
      }
    }
  }

  private async storeOneByOne(
    batch: Pending[],
    progress: Progress,
  ): Promise<string[]> {
    const { store, logger, rules } = this.options;
    for (const pending of batch) {
      if (progress.stored.has(pending)) {
        continue;
      }
      let refusal = progress.refused.get(pending);
      if (refusal === undefined) {
        try {
          const { ids } = await store.insertBatch([pending.incoming]);
          progress.stored.set(pending, ids);
          continue;
        } catch (error) {
          // The database is away: the rest of the batch waits for it.
          if (isTransientStoreFailure(error)) {
            throw error;
          }
          refusal = storeFailureReason(error);
          progress.refused.set(pending, refusal);
          logger.error(
            `Parking dead letter ${
              pending.incoming.messageId ?? '(no message id)'
            } from ${pending.context.deadLetterQueue}: ${refusal}`,
          );
        }
      }
      const parked = parkedDeadLetter(
        pending.message,
        pending.context,
        rules,
        `the database refused it: ${refusal}`,
      );
      parked.ingestSession = pending.incoming.ingestSession;
      parked.ingestSeq = pending.incoming.ingestSeq;
      parked.redelivered = pending.incoming.redelivered;
      try {
        progress.stored.set(pending, (await store.insertBatch([parked])).ids);
      } catch (error) {
        // Refused too: it was not this message, the next pass tries it as
        // it is. (After a lost connection it is parked again: the parked
        // row may be stored already, and is then matched.)
        if (!isTransientStoreFailure(error)) {
          progress.refused.delete(pending);
        }
        throw error;
      }
    }
    return batch.flatMap(p => progress.stored.get(p) ?? []);
  }

  private failed(error: unknown) {
    const began = !this.failing;
    this.failing = {
      message: storeFailureReason(error),
      at: this.failing?.at ?? new Date(),
    };
    if (began) {
      this.options.onStoreErrorChange?.(this.storeError());
    }
  }

  private succeeded() {
    if (this.failing) {
      this.failing = undefined;
      this.options.onStoreErrorChange?.(undefined);
    }
  }
}
