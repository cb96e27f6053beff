import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AmqpClient,
  AmqpClientStatus,
  AmqpSession,
} from '@internal/backstage-amqp-node';
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
 * Consumes the release manager's exchange through a durable queue of our own,
 * over the repository's AMQP client (reconnects with backoff, heartbeat,
 * resumes when the broker cancels the consumer). A message is acked only
 * after its handler resolved (after the database commit); when the handler
 * throws, `deliveryPolicy` decides between requeue and reject. The broker
 * being down never fails the caller.
 */
export class AmqpEventConsumer {
  private readonly client: AmqpClient;
  private readonly attempts: DeliveryAttempts;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      url: string;
      exchange: string;
      queue: string;
      /** A server-named queue that lives as long as the connection. */
      temporaryQueue?: boolean;
      /** Longest wait between reconnect attempts. */
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
    this.client = new AmqpClient({
      url: options.url,
      name: 'backstage-release-status-events',
      logger: options.logger,
      minBackoffMs: Math.min(500, options.reconnectMs),
      maxBackoffMs: options.reconnectMs,
      setup: session => this.setup(session),
    });
  }

  /** Starts connecting in the background. */
  start(): void {
    this.client.start();
  }

  /** Resolves once the queue is bound and consumed (for tests and health). */
  whenConsuming(): Promise<void> {
    return this.client.whenReady();
  }

  /** What the consumer is doing now (connecting, consuming, reconnecting...). */
  status(): AmqpClientStatus {
    return this.client.status();
  }

  async stop(): Promise<void> {
    // Messages being stored are acked before the channel closes; otherwise
    // the broker hands back what was already stored (deduplicated, but
    // redone).
    await this.client.stop(async () => {
      await Promise.allSettled([...this.inFlight]);
    });
  }

  private async setup(session: AmqpSession): Promise<void> {
    const { exchange, queue, logger } = this.options;
    const channel = await session.createChannel();
    // The release manager declares its exchange the same way.
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue: queueName } = this.options.temporaryQueue
      ? await channel.assertQueue('', { exclusive: true, autoDelete: true })
      : await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queueName, exchange, '#');
    await channel.prefetch(this.options.prefetch ?? 20);
    await session.consume(channel, queueName, message => {
      const handling = this.onMessage(channel, message);
      this.inFlight.add(handling);
      void handling.finally(() => this.inFlight.delete(handling));
    });
    logger.info(
      `Release events: consuming exchange '${exchange}' through queue '${queueName}'`,
    );
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
