import { LoggerService } from '@backstage/backend-plugin-api';
import amqp, {
  Channel,
  ChannelModel,
  ConfirmChannel,
  ConsumeMessage,
} from 'amqplib';
import { DeadLetterEnvironmentConfig } from '../config';
import {
  DeadLetterBroker,
  DeadLetterStore,
  IncomingDeadLetter,
  StoredDeadLetter,
} from '../types';
import {
  MessageRules,
  redeliveryOptions,
  toIncomingDeadLetter,
} from './message';

export interface AmqpDeadLetterBrokerOptions {
  environment: DeadLetterEnvironmentConfig;
  store: Pick<DeadLetterStore, 'insertBatch'>;
  logger: LoggerService;
  rules: MessageRules;
  batchSize: number;
  batchMaxWaitMs: number;
  /** Reconnect backoff bounds in milliseconds. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Pending {
  message: ConsumeMessage;
  incoming: IncomingDeadLetter;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Resolves to undefined if the promise has not settled in time (e.g. a dead socket). */
async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>(resolve => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A heartbeat lets a silently dead connection be noticed; 30 s unless the URL says. */
export function withHeartbeat(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('heartbeat')) {
      parsed.searchParams.set('heartbeat', '30');
    }
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * One environment's broker connection: consumes its dead-letter queues into
 * the store (stored, then acked), and publishes redeliveries on a confirm
 * channel. Reconnects with backoff; never throws out of its background loop.
 */
export class AmqpDeadLetterBroker implements DeadLetterBroker {
  readonly environment: string;
  private readonly options: AmqpDeadLetterBrokerOptions;
  private readonly logger: LoggerService;
  private connection?: ChannelModel;
  private channel?: Channel;
  private confirmChannel?: Promise<ConfirmChannel>;
  private consumerTags: string[] = [];
  private buffer: Pending[] = [];
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private publishing: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private running?: Promise<void>;
  private wakeUp?: () => void;
  private attempt = 0;
  private markClosed?: () => void;

  constructor(options: AmqpDeadLetterBrokerOptions) {
    this.options = options;
    this.environment = options.environment.name;
    this.logger = options.logger.child({ environment: this.environment });
  }

  isConnected(): boolean {
    return this.channel !== undefined;
  }

  start(): void {
    if (this.running) {
      return;
    }
    this.stopping = false;
    this.running = this.run();
  }

  /** Stops consuming, stores and acks what was received, then closes. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    const channel = this.channel;
    if (channel) {
      for (const tag of this.consumerTags) {
        await withTimeout(
          channel.cancel(tag).catch(() => undefined),
          5000,
        );
      }
    }
    await withTimeout(this.flush(), 30_000);
    await this.publishing.catch(() => undefined);
    await this.close();
    await this.running;
    this.running = undefined;
  }

  private async run(): Promise<void> {
    const min = this.options.minBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    while (!this.stopping) {
      let closed: Promise<unknown> | undefined;
      try {
        closed = (await this.connect()).closed;
        this.attempt = 0;
      } catch (error) {
        this.logger.warn(
          `Dead-letter consumer could not connect: ${error}; retrying`,
        );
        await this.close();
      }
      if (closed) {
        await closed;
        await this.close();
        if (this.stopping) {
          break;
        }
        this.logger.warn('Dead-letter broker connection lost; reconnecting');
      }
      const delay = Math.min(max, min * 2 ** this.attempt);
      this.attempt += 1;
      await new Promise<void>(resolve => {
        this.wakeUp = resolve;
        setTimeout(resolve, delay);
      });
    }
  }

  /** Connects and starts consuming; resolves to a promise that settles when the connection or channel closes. */
  private async connect(): Promise<{ closed: Promise<void> }> {
    const env = this.options.environment;
    const connection = await amqp.connect(withHeartbeat(env.url), {
      // Socket connect timeout: a half-open TCP connect must not stall the loop.
      timeout: 10_000,
      clientProperties: {
        connection_name: `backstage-dead-letter-${env.name}`,
      },
    });
    this.connection = connection;
    const closed = new Promise<void>(resolve => {
      this.markClosed = resolve;
      connection.on('close', () => resolve());
      connection.on('error', err =>
        this.logger.warn(`Dead-letter broker connection error: ${err}`),
      );
    });
    const channel = await connection.createChannel();
    const channelClosed = new Promise<void>(resolve => {
      channel.on('close', () => resolve());
      channel.on('error', err =>
        this.logger.warn(`Dead-letter consumer channel error: ${err}`),
      );
    });
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
    this.channel = channel;
    this.consumerTags = [];
    for (const queue of env.queues) {
      const { consumerTag } = await channel.consume(
        queue.name,
        message => {
          if (message) {
            this.receive(channel, queue.name, message);
          }
        },
        { noAck: false },
      );
      this.consumerTags.push(consumerTag);
    }
    this.logger.info(
      `Consuming dead letters from ${env.queues
        .map(q => q.name)
        .join(', ')} (prefetch ${env.prefetch})`,
    );
    return { closed: Promise.race([closed, channelClosed]) };
  }

  private receive(channel: Channel, queue: string, message: ConsumeMessage) {
    if (channel !== this.channel) {
      return;
    }
    let incoming: IncomingDeadLetter;
    try {
      incoming = toIncomingDeadLetter(
        message,
        {
          environment: this.environment,
          deadLetterQueue: queue,
          receivedAt: new Date(),
        },
        this.options.rules,
      );
    } catch (error) {
      // Not expected (parsing is total); keep the message in the broker.
      this.logger.error(`Could not read dead letter: ${error}`);
      return;
    }
    this.buffer.push({ message, incoming });
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
   * Stores the buffered messages in one statement/transaction, then acks them
   * all at once. Batches are stored concurrently (prefetch / batchSize of
   * them at most), but acked strictly in order: `ack(multiple)` of a batch
   * happens only once it and every earlier batch are committed.
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
    const stored = this.store(channel, batch).catch(error => {
      // Never poison the ack chain: a rejected link would skip every later
      // ack, and the consumer would stall silently at its prefetch limit.
      // Nor ack past this batch: a later `multiple` ack would cover it. Close
      // the channel instead; the broker redelivers and the loop reconnects.
      this.logger.error(
        `Could not store dead letters, reopening the channel: ${error}`,
      );
      if (channel === this.channel) {
        channel.close().catch(() => undefined);
      }
      return false;
    });
    this.flushing = this.flushing
      .catch(() => undefined)
      .then(async () => {
        if ((await stored) && channel === this.channel) {
          try {
            // Delivery tags grow per channel; earlier batches are acked already.
            channel.ack(batch[batch.length - 1].message, true);
          } catch (error) {
            this.logger.warn(`Could not ack dead letters: ${error}`);
          }
        }
      });
    return this.flushing;
  }

  /** True once stored; false if the channel went away first (the broker redelivers). */
  private async store(channel: Channel, batch: Pending[]): Promise<boolean> {
    let delay = 200;
    for (;;) {
      try {
        await this.options.store.insertBatch(batch.map(p => p.incoming));
        return true;
      } catch (error) {
        if (channel !== this.channel) {
          return false;
        }
        this.logger.error(
          `Could not store ${batch.length} dead letters, retrying in ${delay} ms: ${error}`,
        );
        await sleep(delay);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private async close() {
    const connection = this.connection;
    this.connection = undefined;
    this.channel = undefined;
    this.markClosed?.();
    this.markClosed = undefined;
    this.confirmChannel = undefined;
    this.consumerTags = [];
    this.buffer = [];
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (connection) {
      const closed = await withTimeout(
        connection.close().then(
          () => true,
          () => true,
        ),
        5000,
      );
      if (!closed) {
        // The broker does not answer: drop the socket.
        (connection as any).connection?.stream?.destroy();
      }
    }
  }

  private getConfirmChannel(): Promise<ConfirmChannel> {
    const connection = this.connection;
    if (!connection || !this.channel) {
      return Promise.reject(
        new Error(`environment ${this.environment} is not connected`),
      );
    }
    if (!this.confirmChannel) {
      const created = connection.createConfirmChannel().then(ch => {
        ch.on('close', () => {
          if (this.confirmChannel === created) {
            this.confirmChannel = undefined;
          }
        });
        ch.on('error', err =>
          this.logger.warn(`Dead-letter redelivery channel error: ${err}`),
        );
        return ch;
      });
      created.catch(() => {
        if (this.confirmChannel === created) {
          this.confirmChannel = undefined;
        }
      });
      this.confirmChannel = created;
    }
    return this.confirmChannel;
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
        const channel = await this.getConfirmChannel();
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
