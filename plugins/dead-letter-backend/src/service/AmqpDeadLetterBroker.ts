import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AmqpClient,
  AmqpSession,
  withTimeout,
} from '@internal/backstage-amqp-node';
import { Channel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { DeadLetterEnvironmentConfig } from '../config';
import {
  DeadLetterBroker,
  DeadLetterStore,
  IncomingDeadLetter,
  IngestStatus,
  StoredDeadLetter,
} from '../types';
import { BatchStorer, Pending } from './BatchStorer';
import {
  MessageRules,
  parkedDeadLetter,
  redeliveryOptions,
  toIncomingDeadLetter,
} from './message';

export interface AmqpDeadLetterBrokerOptions {
  environment: DeadLetterEnvironmentConfig;
  store: Pick<DeadLetterStore, 'insertBatch' | 'markAcked'>;
  logger: LoggerService;
  rules: MessageRules;
  batchSize: number;
  batchMaxWaitMs: number;
  /** Reconnect backoff bounds in milliseconds. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Refusals of a whole batch before its messages are stored one by one. Default 3. */
  batchAttempts?: number;
  /** First retry delay of a failed store, doubling up to `maxRetryDelayMs`. Default 200 ms. */
  retryDelayMs?: number;
  /** Default 5000 ms: how late, at most, storing resumes once the database answers. */
  maxRetryDelayMs?: number;
  /** Storing began to fail, or works again (`status().storeError` changed). */
  onStatusChange?: () => void;
  /**
   * How long the queues' message and consumer counts are reused before the
   * broker is asked again (each ask is a connection while ingest is down).
   * Default 5000 ms; 0 asks every time.
   */
  queueProbeCacheMs?: number;
}

const ACK_CONFIRM_INTERVAL_MS = 250;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One environment's broker connection (through the shared AMQP client):
 * consumes its dead-letter queues into the store (stored, then acked), and
 * publishes redeliveries on a confirm channel.
 */
export class AmqpDeadLetterBroker implements DeadLetterBroker {
  readonly environment: string;
  private readonly options: AmqpDeadLetterBrokerOptions;
  private readonly logger: LoggerService;
  private readonly client: AmqpClient;
  private readonly storer: BatchStorer;
  private channel?: Channel;
  private consumerTags: string[] = [];
  private buffer: Pending[] = [];
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private publishing: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private sessionId = randomUUID();
  private batchSeq = 0;
  private ackedSeq = 0;
  private confirmedSeq = 0;
  private ackTimer?: NodeJS.Timeout;
  private queueProbe?: {
    at: number;
    key: string;
    queues: Promise<IngestStatus['queues']>;
  };

  constructor(options: AmqpDeadLetterBrokerOptions) {
    this.options = options;
    this.environment = options.environment.name;
    this.logger = options.logger.child({ environment: this.environment });
    this.client = new AmqpClient({
      url: options.environment.url,
      name: `backstage-dead-letter-${this.environment}`,
      logger: this.logger,
      minBackoffMs: options.minBackoffMs,
      maxBackoffMs: options.maxBackoffMs,
      setup: session => this.setup(session),
    });
    this.storer = new BatchStorer({
      store: options.store,
      logger: this.logger,
      rules: options.rules,
      batchAttempts: options.batchAttempts,
      retryDelayMs: options.retryDelayMs,
      maxRetryDelayMs: options.maxRetryDelayMs,
      onStoreErrorChange: () => options.onStatusChange?.(),
    });
  }

  /** Consuming: set up, with a consumer on every queue. */
  isConnected(): boolean {
    return (
      this.channel !== undefined && this.client.status().state === 'consuming'
    );
  }

  start(): void {
    this.stopping = false;
    this.client.start();
  }

  /** Stops consuming, stores and acks what was received, then closes. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.client.stop(async () => {
      const channel = this.channel;
      for (const tag of channel ? this.consumerTags : []) {
        await withTimeout(
          channel!.cancel(tag).catch(() => undefined),
          5000,
        );
      }
      await this.flush();
      clearTimeout(this.ackTimer);
      this.ackTimer = undefined;
      if (channel) {
        await this.confirmAcks(channel);
      }
    });
    await this.publishing.catch(() => undefined);
  }

  /** What ingest is doing now, and how many messages wait in each queue. */
  async status(): Promise<IngestStatus> {
    const status = this.client.status();
    const storeError = this.storer.storeError();
    return {
      state: status.state,
      since: status.since,
      lastError: status.lastError,
      storeError,
      queues: await this.probeQueues(
        `${status.state}@${new Date(status.since).getTime()}@${
          storeError?.at.getTime() ?? 'stored'
        }`,
      ),
    };
  }

  /**
   * The queues' counts, asked once per `queueProbeCacheMs` (calls meanwhile,
   * also concurrent ones, share the answer) and again when ingest changes
   * state, so a page polling the environments while the consumer is down
   * does not open a probe connection per queue on every call.
   */
  private probeQueues(key: string): Promise<IngestStatus['queues']> {
    const ttl = this.options.queueProbeCacheMs ?? 5000;
    const cached = this.queueProbe;
    if (cached && cached.key === key && Date.now() - cached.at < ttl) {
      return cached.queues;
    }
    const queues = this.askQueues();
    this.queueProbe = { at: Date.now(), key, queues };
    return queues;
  }

  private async askQueues(): Promise<IngestStatus['queues']> {
    return Promise.all(
      this.options.environment.queues.map(async q => {
        try {
          const checked = await withTimeout(
            this.client.withChannel(ch => ch.checkQueue(q.name)),
            2000,
          );
          return {
            name: q.name,
            messagesWaiting: checked?.messageCount ?? null,
            consumers: checked?.consumerCount ?? null,
          };
        } catch {
          return { name: q.name, messagesWaiting: null, consumers: null };
        }
      }),
    );
  }

  private async setup(session: AmqpSession): Promise<void> {
    const env = this.options.environment;
    const channel = await session.createChannel();
    await channel.prefetch(env.prefetch);
    for (const queue of env.queues) {
      if (queue.assert) {
        await channel.assertQueue(queue.name, {
          durable: true,
          arguments:
            queue.type === 'quorum' ? { 'x-queue-type': 'quorum' } : undefined,
        });
        if (queue.bindExchange) {
          await channel.assertExchange(
            queue.bindExchange,
            queue.bindExchangeType,
            { durable: true },
          );
          await channel.bindQueue(
            queue.name,
            queue.bindExchange,
            queue.bindingKey,
          );
        }
      }
    }
    // Whatever was received on an earlier channel is redelivered by the broker.
    this.discardBuffer();
    this.sessionId = randomUUID();
    this.batchSeq = 0;
    this.ackedSeq = 0;
    this.confirmedSeq = 0;
    this.channel = channel;
    this.consumerTags = [];
    void session.done.then(() => {
      if (this.channel === channel) {
        this.channel = undefined;
        this.consumerTags = [];
        this.discardBuffer();
      }
    });
    for (const queue of env.queues) {
      this.consumerTags.push(
        await session.consume(channel, queue.name, message =>
          this.receive(channel, queue.name, message),
        ),
      );
    }
    this.logger.info(
      `Consuming dead letters from ${env.queues
        .map(q => q.name)
        .join(', ')} (prefetch ${env.prefetch})`,
    );
  }

  private discardBuffer() {
    this.buffer = [];
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
  }

  private receive(channel: Channel, queue: string, message: ConsumeMessage) {
    if (channel !== this.channel) {
      return;
    }
    const context = {
      environment: this.environment,
      deadLetterQueue: queue,
      receivedAt: new Date(),
    };
    let incoming: IncomingDeadLetter;
    try {
      incoming = toIncomingDeadLetter(message, context, this.options.rules);
    } catch (error) {
      // Every delivery is stored (or parked), so that an ack of a later
      // message (acks are cumulative) never covers one that was not.
      this.logger.warn(`Could not read a dead letter's headers: ${error}`);
      incoming = parkedDeadLetter(
        message,
        context,
        this.options.rules,
        `its headers could not be read: ${reason(error)}`,
      );
    }
    this.buffer.push({ message, context, incoming });
    if (this.buffer.length >= this.options.batchSize) {
      this.flush();
    } else if (!this.flushTimer) {
      this.flushTimer = setTimeout(
        () => this.flush(),
        this.options.batchMaxWaitMs,
      );
    }
  }

  /**
   * Stores the buffered messages, then acks them all at once. Batches are
   * stored concurrently (prefetch / batchSize of them at most), but acked
   * strictly in order: `ack(multiple)` of a batch happens only once it and
   * every earlier batch are committed.
   */
  private flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    const batch = this.buffer;
    this.buffer = [];
    const channel = this.channel;
    if (batch.length === 0 || !channel) {
      return this.flushing;
    }
    // Batches are acked in this order: their numbers say how far acks went.
    const seq = ++this.batchSeq;
    for (const pending of batch) {
      pending.incoming.ingestSession = this.sessionId;
      pending.incoming.ingestSeq = seq;
    }
    const stored = this.storer
      .store(batch, () => channel === this.channel)
      .catch(error => {
        // Not expected (store() only gives up when the channel is gone), but a
        // rejected link would skip every later ack: close the channel instead;
        // the broker redelivers and the client reconnects.
        this.logger.error(`Could not store dead letters: ${error}`);
        channel.close().catch(() => undefined);
        return undefined;
      });
    this.flushing = this.flushing
      .catch(() => undefined)
      .then(async () => {
        const ids = await stored;
        if (ids && channel === this.channel) {
          try {
            // Delivery tags grow per channel; earlier batches are acked already.
            channel.ack(batch[batch.length - 1].message, true);
          } catch (error) {
            this.logger.warn(`Could not ack dead letters: ${error}`);
            return;
          }
          this.ackedSeq = Math.max(this.ackedSeq, seq);
          this.scheduleAckConfirmation(channel);
        }
      });
    return this.flushing;
  }

  /**
   * An ack is fire-and-forget: a connection can die with acks unsent. Rows
   * are marked acked (no longer matched against redeliveries) only after a
   * round trip on the same channel (basic.qos) has come back, which the
   * broker answers after every ack sent before it.
   */
  private scheduleAckConfirmation(channel: Channel) {
    if (this.ackTimer) {
      return;
    }
    this.ackTimer = setTimeout(() => {
      this.ackTimer = undefined;
      void this.confirmAcks(channel);
    }, ACK_CONFIRM_INTERVAL_MS);
  }

  private async confirmAcks(channel: Channel): Promise<void> {
    const seq = this.ackedSeq;
    const session = this.sessionId;
    if (seq <= this.confirmedSeq || channel !== this.channel) {
      return;
    }
    try {
      await channel.prefetch(this.options.environment.prefetch);
      await this.options.store.markAcked(session, seq);
      if (session === this.sessionId) {
        this.confirmedSeq = Math.max(this.confirmedSeq, seq);
      }
    } catch (error) {
      // Left waiting: a redelivery of these messages is then recognised.
      this.logger.debug(`Could not confirm dead-letter acks: ${error}`);
    }
  }

  /**
   * Publishes through the default exchange to the original queue only, as
   * mandatory so that a missing queue is reported instead of dropped, and
   * waits for the broker's confirm. One at a time, so a returned message is
   * attributed to the right id.
   */
  redeliver(message: StoredDeadLetter, actor: string): Promise<void> {
    const next = this.publishing
      .catch(() => undefined)
      .then(async () => {
        if (this.stopping) {
          throw new Error('the dead-letter plugin is shutting down');
        }
        const channel = await this.client.confirmChannel();
        await new Promise<void>((resolve, reject) => {
          let returned = false;
          const onReturn = () => {
            returned = true;
          };
          const onClose = () =>
            reject(new Error('channel closed before the broker confirmed'));
          channel.on('return', onReturn);
          channel.once('close', onClose);
          const done = (err?: unknown) => {
            channel.removeListener('return', onReturn);
            channel.removeListener('close', onClose);
            if (err) {
              reject(new Error(`broker did not accept the message: ${err}`));
            } else if (returned) {
              reject(new Error(`queue ${message.queue} does not exist`));
            } else {
              resolve();
            }
          };
          try {
            channel.publish(
              '',
              message.queue,
              message.body,
              { ...redeliveryOptions(message, actor), mandatory: true },
              err => done(err),
            );
          } catch (err) {
            done(err);
          }
        });
      });
    this.publishing = next;
    return next;
  }
}
