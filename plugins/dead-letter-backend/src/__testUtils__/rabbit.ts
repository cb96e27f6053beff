import amqp, { ChannelModel } from 'amqplib';
import { randomBytes } from 'node:crypto';

export const RABBITMQ_URL =
  process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** Unique per test run: other engineers share the broker. */
export function uniqueName(prefix: string): string {
  return `test.dead-letter.${prefix}.${randomBytes(4).toString('hex')}`;
}

/**
 * A dead-letter exchange and queue plus a service queue (named like the
 * customer's, so the default service rule applies) that dead-letters into it.
 */
export async function createTopology(options?: {
  quorum?: boolean;
  service?: string;
}) {
  const connection: ChannelModel = await amqp.connect(RABBITMQ_URL);
  const channel = await connection.createChannel();
  const suffix = randomBytes(4).toString('hex');
  const service = options?.service ?? `svc-${suffix}`;
  const dlx = `test.dead-letter.dlx.${suffix}`;
  const dlq = `test.dead-letter.dlq.${suffix}`;
  const exchange = `test.dead-letter.events.${suffix}`;
  // Unique too (another run may hold the same service's queue with its own
  // dead-letter exchange); the default service rule reads the last segment.
  const serviceQueue = `dev-k8s-commandstreams_bankaccount_account-${suffix}_${service}`;
  const siblingQueue = `dev-k8s-commandstreams_bankaccount_account_sibling-${suffix}`;
  const queueArgs = options?.quorum ? { 'x-queue-type': 'quorum' } : {};
  try {
    await channel.assertExchange(dlx, 'fanout', { durable: true });
    await channel.assertQueue(dlq, { durable: true, arguments: queueArgs });
    await channel.bindQueue(dlq, dlx, '');
    await channel.assertExchange(exchange, 'topic', { durable: true });
    for (const q of [serviceQueue, siblingQueue]) {
      await channel.assertQueue(q, {
        durable: true,
        arguments: { ...queueArgs, 'x-dead-letter-exchange': dlx },
      });
      await channel.bindQueue(q, exchange, 'account.term-deposit.#');
    }
  } catch (error) {
    // A refused declaration closes the channel; the connection must not
    // outlive this test file (its heartbeat would fail a later one).
    connection.on('error', () => undefined);
    await connection.close().catch(() => undefined);
    throw error;
  }
  return {
    connection,
    channel,
    service,
    dlx,
    dlq,
    exchange,
    serviceQueue,
    siblingQueue,
    /** Publishes to the exchange and rejects it from the service queue. */
    async deadLetter(
      body: Buffer | string,
      publishOptions: amqp.Options.Publish = {},
      routingKey = 'account.term-deposit.created',
    ) {
      channel.publish(
        exchange,
        routingKey,
        Buffer.isBuffer(body) ? body : Buffer.from(body),
        { persistent: true, ...publishOptions },
      );
      // Drain the sibling copy: it is consumed successfully.
      for (;;) {
        const sib = await channel.get(siblingQueue, { noAck: true });
        if (sib) break;
        await new Promise(r => setTimeout(r, 10));
      }
      for (;;) {
        const msg = await channel.get(serviceQueue, { noAck: false });
        if (msg) {
          channel.reject(msg, false);
          return;
        }
        await new Promise(r => setTimeout(r, 10));
      }
    },
    async cleanup() {
      for (const q of [dlq, serviceQueue, siblingQueue]) {
        await channel.deleteQueue(q).catch(() => undefined);
      }
      for (const e of [dlx, exchange]) {
        await channel.deleteExchange(e).catch(() => undefined);
      }
      await connection.close().catch(() => undefined);
    },
  };
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('timed out waiting');
    }
    await new Promise(r => setTimeout(r, 50));
  }
}
