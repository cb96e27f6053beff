import { mockServices } from '@backstage/backend-test-utils';
import amqp, { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { randomBytes } from 'node:crypto';
import { AmqpClient, AmqpClientOptions } from './AmqpClient';

jest.setTimeout(60_000);

const RABBITMQ_URL =
  process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
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

describe('AmqpClient', () => {
  let admin: ChannelModel;
  let adminChannel: Channel;
  const clients: AmqpClient[] = [];
  const queues: string[] = [];

  beforeAll(async () => {
    admin = await amqp.connect(RABBITMQ_URL);
    adminChannel = await admin.createChannel();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(c => c.stop()));
    for (const q of queues.splice(0)) {
      await adminChannel.deleteQueue(q).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await admin.close();
  });

  async function declareQueue() {
    const name = `test.amqp-node.${randomBytes(4).toString('hex')}`;
    queues.push(name);
    await adminChannel.assertQueue(name, { durable: false });
    return name;
  }

  /** A client that consumes `queue` (acking each message) into `received`. */
  function consumer(queue: string, overrides: Partial<AmqpClientOptions> = {}) {
    const received: string[] = [];
    const client = new AmqpClient({
      url: RABBITMQ_URL,
      name: `test-${queue}`,
      logger: mockServices.logger.mock(),
      minBackoffMs: 50,
      maxBackoffMs: 500,
      async setup(session) {
        const channel = await session.createChannel();
        await session.consume(channel, queue, (m: ConsumeMessage) => {
          received.push(m.content.toString());
          channel.ack(m);
        });
      },
      ...overrides,
    });
    clients.push(client);
    return { client, received };
  }

  it('consumes once connected and says so', async () => {
    const queue = await declareQueue();
    const { client, received } = consumer(queue);
    expect(client.status().state).toBe('idle');
    client.start();
    await client.whenReady();
    expect(client.status()).toEqual(
      expect.objectContaining({ state: 'consuming', attempts: 0 }),
    );
    adminChannel.sendToQueue(queue, Buffer.from('one'));
    await waitFor(() => received.length === 1);
    expect(received).toEqual(['one']);
  });

  it('resumes within 30 s when its queue is deleted and declared again (default backoff)', async () => {
    const queue = await declareQueue();
    const { client, received } = consumer(queue, {
      minBackoffMs: undefined,
      maxBackoffMs: undefined,
    });
    client.start();
    await client.whenReady();

    await adminChannel.deleteQueue(queue);
    const status = await waitFor(() => {
      const s = client.status();
      return s.state === 'reconnecting' && s;
    });
    expect(status.lastError?.message).toMatch(/cancelled the consumer/);

    // Still gone for a few seconds: attempts fail and back off.
    await new Promise(r => setTimeout(r, 3000));
    expect(client.status().state).toBe('reconnecting');
    expect(client.status().lastError?.message).toMatch(/NOT_FOUND|404/);

    await adminChannel.assertQueue(queue, { durable: false });
    const resumedAt = Date.now();
    await waitFor(() => client.status().state === 'consuming', 30_000);
    expect(Date.now() - resumedAt).toBeLessThan(30_000);
    adminChannel.sendToQueue(queue, Buffer.from('after'));
    await waitFor(() => received.includes('after'));
  });

  it('reconnects after the connection drops', async () => {
    const queue = await declareQueue();
    const { client, received } = consumer(queue);
    client.start();
    await client.whenReady();
    const first = client.session()!;
    (first.connection as any).connection.stream.destroy(
      new Error('simulated network failure'),
    );
    await first.done;
    await waitFor(
      () =>
        client.session() !== undefined &&
        client.session() !== first &&
        client.status().state === 'consuming',
    );
    expect(client.status().lastError?.message).toMatch(/closed/);
    adminChannel.sendToQueue(queue, Buffer.from('again'));
    await waitFor(() => received.includes('again'));
    expect(received).toEqual(['again']);
  });

  it('keeps retrying while setup fails, with the reason in its status', async () => {
    const queue = `test.amqp-node.missing.${randomBytes(4).toString('hex')}`;
    queues.push(queue);
    const { client } = consumer(queue);
    client.start();
    const status = await waitFor(() => {
      const s = client.status();
      return s.attempts >= 2 && s;
    });
    expect(status.state).toBe('reconnecting');
    expect(status.lastError?.message).toMatch(queue);
    await adminChannel.assertQueue(queue, { durable: false });
    await waitFor(() => client.status().state === 'consuming');
    expect(client.status().attempts).toBe(0);
  });

  it('reports an unreachable broker and still stops promptly', async () => {
    const { client } = consumer('whatever', {
      url: 'amqp://guest:guest@127.0.0.1:1',
    });
    client.start();
    const status = await waitFor(() => {
      const s = client.status();
      return s.lastError && s;
    });
    expect(status.state).toBe('reconnecting');
    expect(status.lastError?.message).toMatch(/ECONNREFUSED/);
    const started = Date.now();
    await client.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(client.status().state).toBe('stopped');
  });

  it('probes on a short-lived channel: an error there does not end the session', async () => {
    const queue = await declareQueue();
    const { client } = consumer(queue);
    client.start();
    await client.whenReady();
    const session = client.session();
    await expect(
      client.withChannel(ch => ch.checkQueue(`${queue}.nope`)),
    ).rejects.toThrow(/NOT_FOUND/);
    adminChannel.sendToQueue(queue, Buffer.from('x'));
    await waitFor(async () => {
      const { messageCount } = await client.withChannel(ch =>
        ch.checkQueue(queue),
      );
      return messageCount === 0;
    });
    expect(client.session()).toBe(session);
    expect(client.status().state).toBe('consuming');
  });

  it('stops promptly when stopped while it connects or sets up, and leaves no consumer behind', async () => {
    const queue = await declareQueue();
    for (const delayMs of [0, 1, 5, 20]) {
      const { client } = consumer(queue);
      client.start();
      await new Promise(r => setTimeout(r, delayMs));
      const stopped = client.stop().then(() => 'stopped');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise(r => {
        timer = setTimeout(() => r('hung'), 5000);
      });
      expect(await Promise.race([stopped, timeout])).toBe('stopped');
      clearTimeout(timer);
    }
    await waitFor(async () => {
      const { consumerCount } = await adminChannel.checkQueue(queue);
      return consumerCount === 0;
    }, 10_000);
  });

  it('publishes with confirms and drains before it closes on stop', async () => {
    const queue = await declareQueue();
    const { client, received } = consumer(queue);
    client.start();
    await client.whenReady();
    const channel = await client.confirmChannel();
    await new Promise<void>((resolve, reject) =>
      channel.publish('', queue, Buffer.from('confirmed'), {}, err =>
        err ? reject(err) : resolve(),
      ),
    );
    await waitFor(() => received.includes('confirmed'));
    const drained: boolean[] = [];
    await client.stop(async session => {
      drained.push(!session.ended);
    });
    expect(drained).toEqual([true]);
    expect(client.status().state).toBe('stopped');
    await expect(client.confirmChannel()).rejects.toThrow(/not connected/);
    const { consumerCount } = await adminChannel.checkQueue(queue);
    expect(consumerCount).toBe(0);
  });

  it('acks sent while draining reach the broker before the connection closes: nothing is handed back', async () => {
    const queue = await declareQueue();
    const held: ConsumeMessage[] = [];
    let channel: Channel | undefined;
    const client = new AmqpClient({
      url: RABBITMQ_URL,
      name: `test-${queue}`,
      logger: mockServices.logger.mock(),
      async setup(session) {
        channel = await session.createChannel();
        await channel.prefetch(0);
        // Held, as a consumer does while it stores them.
        await session.consume(channel, queue, m => held.push(m));
      },
    });
    clients.push(client);
    client.start();
    await client.whenReady();
    const count = 500;
    for (let i = 0; i < count; i++) {
      adminChannel.sendToQueue(queue, Buffer.from(`m${i}`));
    }
    await waitFor(() => held.length === count);
    // Stored: acked as the last thing before the client closes.
    await client.stop(async () => {
      for (const message of held) {
        channel!.ack(message);
      }
    });
    const { messageCount, consumerCount } = await adminChannel.checkQueue(
      queue,
    );
    expect(consumerCount).toBe(0);
    expect(messageCount).toBe(0);
  });
});
