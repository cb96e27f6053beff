import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import amqp from 'amqplib';
import {
  DeliveryAttempts,
  DeliveryDecision,
  deliveryKey,
} from './deliveryPolicy';

/** One message of the release manager's exchange. */
export interface BrokerEvent {
  /** The AMQP `type` property: `released`, `releaseFailed`, ... */
  type: string;
  body: unknown;
  /** Epoch ms of the message's timestamp property, when set. */
  timestamp?: number;
}

/**
 * Consumes the release manager's exchange through a durable queue of our own.
 * A message is acked only after its handler resolved (after the database
 * commit); when the handler throws, `deliveryPolicy` decides between requeue
 * and reject. The broker being down never fails the caller: connecting is
 * retried in the background until stop().
 */
export class AmqpEventConsumer {
  private connection?: amqp.ChannelModel;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private consuming?: Promise<void>;
  private resolveConsuming?: () => void;
  private readonly attempts: DeliveryAttempts;

  constructor(
    private readonly options: {
      url: string;
      exchange: string;
      queue: string;
      /** A server-named queue that lives as long as the connection. */
      temporaryQueue?: boolean;
      reconnectMs: number;
      prefetch?: number;
      /** Tries of a message that keeps failing, then it is rejected. Default: 3. */
      maxAttempts?: number;
      /** Wait before a failed message is handed back. Default: 1000. */
      requeueDelayMs?: number;
      logger: LoggerService;
      handle: (event: BrokerEvent) => Promise<void>;
    },
  ) {
    this.attempts = new DeliveryAttempts({ maxAttempts: options.maxAttempts });
    this.resetConsuming();
  }

  /** Starts connecting in the background. */
  start(): void {
    this.stopped = false;
    void this.connect();
  }

  /** Resolves once the queue is bound and consumed (for tests and health). */
  whenConsuming(): Promise<void> {
    return this.consuming!;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close().catch(() => {});
  }

  private resetConsuming() {
    this.consuming = new Promise(resolve => {
      this.resolveConsuming = resolve;
    });
  }

  private scheduleReconnect() {
    if (this.stopped) {
      return;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(
      () => void this.connect(),
      this.options.reconnectMs,
    );
    this.retryTimer.unref?.();
  }

  private async connect(): Promise<void> {
    const { exchange, queue, logger } = this.options;
    if (this.stopped) {
      return;
    }
    let connection: amqp.ChannelModel | undefined;
    try {
      connection = await amqp.connect(this.options.url);
      if (this.stopped) {
        await connection.close();
        return;
      }
      this.connection = connection;
      connection.on('error', error =>
        logger.warn(`Release events: broker connection error: ${error}`),
      );
      connection.on('close', () => {
        if (this.connection === connection) {
          this.connection = undefined;
          this.resetConsuming();
          if (!this.stopped) {
            logger.warn(
              'Release events: broker connection closed, reconnecting',
            );
            this.scheduleReconnect();
          }
        }
      });

      const channel = await connection.createChannel();
      channel.on('error', error =>
        logger.warn(`Release events: channel error: ${error}`),
      );
      // A channel the broker closed (say, the exchange was deleted) ends the
      // connection too, so that the reconnect loop sets everything up again.
      channel.on('close', () => {
        if (this.connection === connection && !this.stopped) {
          connection!.close().catch(() => {});
        }
      });
      // The release manager declares its exchange the same way.
      await channel.assertExchange(exchange, 'topic', { durable: true });
      const { queue: queueName } = this.options.temporaryQueue
        ? await channel.assertQueue('', { exclusive: true, autoDelete: true })
        : await channel.assertQueue(queue, { durable: true });
      await channel.bindQueue(queueName, exchange, '#');
      await channel.prefetch(this.options.prefetch ?? 20);
      await channel.consume(queueName, message => {
        if (message) {
          void this.onMessage(channel, message);
        } else if (!this.stopped) {
          // The broker cancelled our consumer (the queue was deleted).
          logger.warn(`Release events: queue '${queueName}' went away`);
          channel.close().catch(() => {});
        }
      });
      logger.info(
        `Release events: consuming exchange '${exchange}' through queue '${queueName}'`,
      );
      this.resolveConsuming?.();
    } catch (error) {
      logger.warn(
        `Release events: cannot consume exchange '${exchange}' (${error}); retrying in ${Math.round(
          this.options.reconnectMs / 1000,
        )}s`,
      );
      if (connection && this.connection === connection) {
        this.connection = undefined;
      }
      await connection?.close().catch(() => {});
      this.scheduleReconnect();
    }
  }

  private async onMessage(channel: amqp.Channel, message: amqp.ConsumeMessage) {
    let error: unknown;
    try {
      await this.options.handle(toBrokerEvent(message));
    } catch (e) {
      error = e ?? new Error('handler failed');
    }
    const decision = this.attempts.decide(
      deliveryKey({ ...message.properties, content: message.content }),
      error,
    );
    this.apply(channel, message, decision);
  }

  private apply(
    channel: amqp.Channel,
    message: amqp.ConsumeMessage,
    decision: DeliveryDecision,
  ) {
    const { logger } = this.options;
    const what = describeMessage(message);
    try {
      if (decision.action === 'ack') {
        channel.ack(message);
      } else if (decision.action === 'reject') {
        logger.warn(`Release events: rejected ${what}: ${decision.reason}`);
        channel.nack(message, false, false);
      } else {
        logger.warn(
          `Release events: could not store ${what}, requeueing (${decision.reason})`,
        );
        // Give the database a moment before the broker hands it back.
        setTimeout(() => {
          try {
            channel.nack(message, false, true);
          } catch {
            // The channel is gone; the broker redelivers unacked messages.
          }
        }, this.options.requeueDelayMs ?? 1000).unref?.();
      }
    } catch {
      // The channel is gone; the broker redelivers unacked messages.
    }
  }
}

/** The message as the handler sees it; a body that is not JSON is invalid. */
function toBrokerEvent(message: amqp.ConsumeMessage): BrokerEvent {
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch {
    throw new InputError('the body is not JSON');
  }
  const rawTimestamp = message.properties.timestamp;
  return {
    type: String(
      message.properties.type ?? (body as { type?: unknown })?.type ?? '',
    ),
    body,
    // AMQP timestamps are seconds since the epoch.
    timestamp:
      typeof rawTimestamp === 'number' && rawTimestamp > 0
        ? rawTimestamp * 1000
        : undefined,
  };
}

/** For the log: type, message id and the start of the body. */
function describeMessage(message: amqp.ConsumeMessage): string {
  const { type, messageId } = message.properties;
  const body = message.content.toString('utf8');
  const excerpt = body.length > 200 ? `${body.slice(0, 200)}...` : body;
  return `a '${type ?? 'untyped'}' event (message ${
    messageId ?? 'without id'
  }, body ${JSON.stringify(excerpt)})`;
}
