import { InputError } from '@backstage/errors';
import amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { capturingLogger } from '../__testUtils__/capturingLogger';
import { AmqpEventConsumer, BrokerEvent } from './AmqpEventConsumer';

jest.setTimeout(30_000);

const AMQP_URL =
  process.env.RELEASE_STATUS_TEST_AMQP_URL ??
  'amqp://guest:guest@127.0.0.1:5672';

describe('AmqpEventConsumer message handling', () => {
  let connection: amqp.ChannelModel;
  let channel: amqp.Channel;
  let exchange: string;
  let queue: string;
  let consumer: AmqpEventConsumer | undefined;

  beforeEach(async () => {
    const id = randomUUID().slice(0, 8);
    exchange = `test.release-manager.${id}`;
    queue = `test.release-status.${id}`;
    connection = await amqp.connect(AMQP_URL);
    channel = await connection.createChannel();
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await channel.deleteQueue(queue).catch(() => {});
    await channel.deleteExchange(exchange).catch(() => {});
    await connection.close();
  });

  async function consume(handle: (event: BrokerEvent) => Promise<void>) {
    const logger = capturingLogger();
    consumer = new AmqpEventConsumer({
      url: AMQP_URL,
      exchange,
      queue,
      reconnectMs: 200,
      requeueDelayMs: 20,
      logger,
      handle,
    });
    consumer.start();
    await consumer.whenConsuming();
    return logger;
  }

  function publish(body: string, options: amqp.Options.Publish = {}) {
    const messageId = randomUUID();
    channel.publish(exchange, '', Buffer.from(body), {
      type: 'released',
      messageId,
      ...options,
    });
    return messageId;
  }

  /** Messages left on our queue once nothing consumes it (unacked return). */
  async function leftOnQueue() {
    await consumer?.stop();
    return (await channel.checkQueue(queue)).messageCount;
  }

  it('rejects an event that can never be stored at once, with the reason', async () => {
    const calls: string[] = [];
    const logger = await consume(async event => {
      calls.push(event.type);
      throw new InputError("'name' is longer than 255 characters");
    });
    const messageId = publish(JSON.stringify({ name: 'x'.repeat(300) }));
    const notJson = publish('{not json');

    await waitFor(async () => {
      const rejected = logger.lines.filter(l => /rejected/.test(l.message));
      expect(rejected.map(l => l.message)).toEqual([
        expect.stringContaining(messageId),
        expect.stringContaining(notJson),
      ]);
      expect(rejected[0].message).toContain(
        "'name' is longer than 255 characters",
      );
      expect(rejected[1].message).toContain('not JSON');
    });
    // Give a requeued delivery time to come back: none does.
    await sleep(300);
    expect(calls).toEqual(['released']);
    expect(await leftOnQueue()).toBe(0);
  });

  it('gives up on a failure that keeps happening after three attempts', async () => {
    let calls = 0;
    const logger = await consume(async () => {
      calls += 1;
      throw new Error('column "squad" does not exist');
    });
    const messageId = publish(JSON.stringify({ name: 'term-deposit' }));

    await waitFor(async () => {
      expect(
        logger.lines.some(
          l => /rejected/.test(l.message) && l.message.includes(messageId),
        ),
      ).toBe(true);
    });
    await sleep(300);
    expect(calls).toBe(3);
    expect(logger.lines.find(l => /rejected/.test(l.message))?.message).toMatch(
      /after 3 attempts.*column "squad" does not exist/,
    );
    expect(await leftOnQueue()).toBe(0);
  });

  it('keeps retrying while the database is unreachable', async () => {
    let calls = 0;
    const logger = await consume(async () => {
      calls += 1;
      if (calls <= 5) {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
          code: 'ECONNREFUSED',
        });
      }
    });
    publish(JSON.stringify({ name: 'term-deposit' }));

    await waitFor(async () => expect(calls).toBe(6));
    expect(logger.lines.some(l => /rejected/.test(l.message))).toBe(false);
    expect(await leftOnQueue()).toBe(0);
  });
});

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

async function waitFor(check: () => Promise<void>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await sleep(50);
    }
  }
}
