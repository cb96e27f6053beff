import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AmqpClient } from '@internal/backstage-amqp-node';
import { AmqpDeadLetterBroker } from './AmqpDeadLetterBroker';
import { DatabaseDeadLetterStore } from '../database/DatabaseDeadLetterStore';
import { DEFAULT_SERVICE_RULE } from '../config';
import { migrate } from '../__testUtils__/db';
import {
  createTopology,
  RABBITMQ_URL,
  uniqueName,
  waitFor,
} from '../__testUtils__/rabbit';
import amqp from 'amqplib';
import { DeadLetterQueueConfig } from '../config';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const rules = {
  serviceRule: new RegExp(DEFAULT_SERVICE_RULE),
  serviceHeader: 'x-service',
  errorHeader: 'x-error-message',
  maxBodyBytes: 1024,
};

function queue(name: string, extra: Partial<DeadLetterQueueConfig> = {}) {
  return {
    name,
    assert: false,
    type: 'classic' as const,
    bindExchangeType: 'fanout' as const,
    bindingKey: '',
    ...extra,
  };
}

function createBroker(
  store: Pick<DatabaseDeadLetterStore, 'insertBatch' | 'markAcked'>,
  queues: ReturnType<typeof queue>[],
  options: {
    batchSize?: number;
    prefetch?: number;
    url?: string;
    retryDelayMs?: number;
    onStatusChange?: () => void;
    /** The plugin's default backoff instead of the tests' short one. */
    defaultBackoff?: boolean;
    /** Default 0 here: most tests want the broker's counts of this moment. */
    queueProbeCacheMs?: number;
  } = {},
) {
  return new AmqpDeadLetterBroker({
    environment: {
      name: 'dev',
      url: options.url ?? RABBITMQ_URL,
      queues,
      prefetch: options.prefetch ?? 1000,
    },
    store,
    logger: mockServices.logger.mock(),
    rules,
    batchSize: options.batchSize ?? 100,
    batchMaxWaitMs: 20,
    retryDelayMs: options.retryDelayMs,
    onStatusChange: options.onStatusChange,
    queueProbeCacheMs: options.queueProbeCacheMs ?? 0,
    ...(options.defaultBackoff ? {} : { minBackoffMs: 100, maxBackoffMs: 500 }),
  });
}

/**
 * Stores as `store` does, but after batch number `afterBatch` is stored (and
 * before it is acked) drops the socket of the broker given to `attach`, as a
 * network failure would.
 */
function droppingConnection(
  store: Pick<DatabaseDeadLetterStore, 'insertBatch' | 'markAcked'>,
  afterBatch: number,
) {
  const state = { batches: 0, killed: false };
  let target: AmqpDeadLetterBroker | undefined;
  return {
    state,
    attach: (broker: AmqpDeadLetterBroker) => {
      target = broker;
      return broker;
    },
    store: {
      insertBatch: async (
        messages: Parameters<DatabaseDeadLetterStore['insertBatch']>[0],
      ) => {
        const result = await store.insertBatch(messages);
        state.batches += 1;
        if (state.batches === afterBatch && !state.killed) {
          state.killed = true;
          (target as any).client
            .session()
            .connection.connection.stream.destroy(
              new Error('simulated network failure'),
            );
        }
        return result;
      },
      markAcked: (session: string, seq: number) =>
        store.markAcked(session, seq),
    },
  };
}

describe.each(databases.eachSupportedId())(
  'AmqpDeadLetterBroker with %p',
  databaseId => {
    it('stores a message a consumer rejected, with its queue, routing key, ids, error and service', async () => {
      const knex = await databases.init(databaseId);
      await migrate(knex);
      const store = new DatabaseDeadLetterStore(knex);
      const topology = await createTopology({ service: 'term-deposit' });
      const broker = createBroker(store, [queue(topology.dlq)]);
      try {
        broker.start();
        await topology.deadLetter('{"amount":100}', {
          messageId: 'msg-1',
          correlationId: 'corr-1',
          headers: { 'x-error-message': 'insufficient funds' },
        });
        const { items } = await waitFor(async () => {
          const page = await store.list({}, { offset: 0, limit: 10 });
          return page.items.length > 0 && page;
        });
        expect(items).toEqual([
          expect.objectContaining({
            environment: 'dev',
            service: 'term-deposit',
            queue: topology.serviceQueue,
            exchange: topology.exchange,
            routingKey: 'account.term-deposit.created',
            messageId: 'msg-1',
            correlationId: 'corr-1',
            error: 'insufficient funds',
          }),
        ]);
        const stored = await store.get(items[0].id);
        expect(stored!.body.toString()).toBe('{"amount":100}');
        expect(stored!.headers['x-death']).toEqual([
          expect.objectContaining({ reason: 'rejected' }),
        ]);
        // Acked: nothing left in the dead-letter queue.
        await waitFor(async () => {
          const q = await topology.channel.checkQueue(topology.dlq);
          return q.messageCount === 0 && q.consumerCount === 1;
        });
      } finally {
        await broker.stop();
        await topology.cleanup();
      }
    });
  },
);

describe('AmqpDeadLetterBroker on PostgreSQL', () => {
  const id = 'POSTGRES_15' as const;

  async function migratedStore() {
    const knex = await databases.init(id);
    await migrate(knex);
    return { knex, store: new DatabaseDeadLetterStore(knex) };
  }

  /** The real store, with inserts going through `insertBatch` first. */
  function storeWith(
    real: DatabaseDeadLetterStore,
    insertBatch: DatabaseDeadLetterStore['insertBatch'],
  ) {
    return {
      insertBatch,
      markAcked: (session: string, seq: number) => real.markAcked(session, seq),
    };
  }

  async function stored(knex: any, expected: number) {
    await waitFor(async () => {
      const [{ c }] = await knex('dead_letters').count({ c: '*' });
      return Number(c) >= expected;
    });
    return knex('dead_letters')
      .select('message_id', 'service', 'error', 'redelivered_count', 'headers')
      .orderBy('id');
  }

  async function drained(topology: { channel: amqp.Channel; dlq: string }) {
    await waitFor(async () => {
      const q = await topology.channel.checkQueue(topology.dlq);
      return q.messageCount === 0;
    });
  }

  it('stores messages with tables, arrays and out-of-range numbers in headers, and keeps consuming after them', async () => {
    const { knex, store } = await migratedStore();
    const topology = await createTopology({ service: 'term-deposit' });
    const broker = createBroker(store, [queue(topology.dlq)]);
    const hostile = { toString: 'not a function', valueOf: 'nor this' };
    try {
      broker.start();
      await topology.deadLetter('a', {
        messageId: 'table-service',
        headers: { 'x-service': hostile },
      });
      await topology.deadLetter('b', {
        messageId: 'table-count',
        headers: { 'x-dead-letter-redelivered-count': hostile },
      });
      await topology.deadLetter('c', {
        messageId: 'array-service',
        headers: { 'x-service': ['a', { b: 1 }] },
      });
      await topology.deadLetter('d', {
        messageId: 'huge-count',
        headers: { 'x-dead-letter-redelivered-count': 3000000000 },
      });
      await topology.deadLetter('e', { messageId: 'after' });
      const rows = await stored(knex, 5);
      expect(rows.map((r: any) => r.message_id)).toEqual([
        'table-service',
        'table-count',
        'array-service',
        'huge-count',
        'after',
      ]);
      expect(rows.map((r: any) => r.service)).toEqual(
        Array(5).fill('term-deposit'),
      );
      expect(rows[3].redelivered_count).toBe(2147483647);
      expect(JSON.parse(rows[3].headers)).toEqual(
        expect.objectContaining({
          'x-dead-letter-redelivered-count': 3000000000,
        }),
      );
      await drained(topology);
    } finally {
      await broker.stop();
      await topology.cleanup();
    }
  });

  it('stores two byte-identical messages without a message id, dead-lettered in the same second, as two', async () => {
    const { knex, store } = await migratedStore();
    const topology = await createTopology();
    const broker = createBroker(store, [queue(topology.dlq)]);
    try {
      broker.start();
      await waitFor(async () => broker.isConnected());
      // x-death times are in seconds: start right after a second begins.
      await new Promise(r => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
      await topology.deadLetter('{"same":true}');
      await topology.deadLetter('{"same":true}');
      await drained(topology);
      await topology.deadLetter('{"marker":true}');
      await drained(topology);
      const rows = await stored(knex, 3);
      expect(rows).toHaveLength(3);
      const times = rows
        .slice(0, 2)
        .map((r: any) => JSON.parse(r.headers)['x-death'][0].time.value);
      expect(times[0]).toBe(times[1]);
    } finally {
      await broker.stop();
      await topology.cleanup();
    }
  });

  it('parks a message the database keeps refusing, and stores and acks the others', async () => {
    const { knex, store: real } = await migratedStore();
    let refused = 0;
    const store = storeWith(real, async messages => {
      if (messages.some(m => m.headers['x-poison'] !== undefined)) {
        refused += 1;
        throw new Error('value too long for type character varying(255)');
      }
      return real.insertBatch(messages);
    });
    const topology = await createTopology({ service: 'term-deposit' });
    const broker = createBroker(store, [queue(topology.dlq)], {
      prefetch: 100,
      batchSize: 10,
      retryDelayMs: 10,
    });
    try {
      for (let i = 0; i < 5; i++) {
        topology.channel.sendToQueue(topology.dlq, Buffer.from(`m${i}`), {
          messageId: `m-${i}`,
          headers: i === 2 ? { 'x-poison': 'yes' } : {},
        });
      }
      broker.start();
      const rows = await stored(knex, 5);
      expect(rows.map((r: any) => r.message_id)).toEqual([
        'm-0',
        'm-1',
        'm-2',
        'm-3',
        'm-4',
      ]);
      expect(rows[2].error).toMatch(
        /Stored without its headers and properties: the database refused it: value too long/,
      );
      expect(JSON.parse(rows[2].headers)['x-portal-unreadable']).toMatch(
        /value too long/,
      );
      expect(refused).toBeGreaterThanOrEqual(3);
      await drained(topology);
      // Acked: nothing comes back after the channel is closed.
      await broker.stop();
      const q = await topology.channel.checkQueue(topology.dlq);
      expect(q.messageCount).toBe(0);
    } finally {
      await broker.stop();
      await topology.cleanup();
    }
  });

  /** What the database says when pg_ctl stops it under an open connection. */
  function adminShutdown(statement = 'insert into "dead_letters" ...') {
    return Object.assign(
      new Error(
        `${statement} - terminating connection due to administrator command`,
      ),
      { code: '57P01' },
    );
  }

  it('says in its status since when storing fails and why, keeps the messages on the broker, and clears it with the next store', async () => {
    const { knex, store: real } = await migratedStore();
    const failures: Date[] = [];
    let down = true;
    const store = storeWith(real, async messages => {
      if (down) {
        failures.push(new Date());
        // Knex puts the statement with its values first: message content.
        throw adminShutdown(
          `insert into "dead_letters" values ('${messages[0].body}')`,
        );
      }
      return real.insertBatch(messages);
    });
    const changes = jest.fn();
    const topology = await createTopology();
    const broker = createBroker(store, [queue(topology.dlq)], {
      prefetch: 100,
      batchSize: 10,
      retryDelayMs: 10,
      onStatusChange: changes,
    });
    try {
      broker.start();
      await waitFor(async () => broker.isConnected());
      expect((await broker.status()).storeError).toBeUndefined();
      for (let i = 0; i < 5; i++) {
        topology.channel.sendToQueue(topology.dlq, Buffer.from(`secret-${i}`), {
          messageId: `down-${i}`,
        });
      }
      await waitFor(async () => failures.length >= 3);
      const failing = await broker.status();
      expect(failing.state).toBe('consuming');
      // The reason without the statement and its values; since the first
      // failure, not the latest.
      expect(failing.storeError?.message).toBe(
        'terminating connection due to administrator command',
      );
      const at = failing.storeError!.at.getTime();
      expect(at).toBeGreaterThanOrEqual(failures[0].getTime());
      expect(at).toBeLessThanOrEqual(failures[1].getTime());
      expect(changes).toHaveBeenCalledTimes(1);
      const [{ c }] = await knex('dead_letters').count({ c: '*' });
      expect(Number(c)).toBe(0);

      down = false;
      await waitFor(async () => !(await broker.status()).storeError);
      expect(changes).toHaveBeenCalledTimes(2);
      const rows = await stored(knex, 5);
      // In several batches, retried side by side: in any order, each once.
      expect(rows.map((r: any) => r.message_id).sort()).toEqual(
        Array.from({ length: 5 }, (_, i) => `down-${i}`),
      );
      // Stored whole, none parked: the database was away, not refusing.
      expect(rows.every((r: any) => r.error === null)).toBe(true);
      await drained(topology);
    } finally {
      await broker.stop();
      await topology.cleanup();
    }
  });

  it('stores a batch once when the database committed it but the answer was lost', async () => {
    const { knex, store: real } = await migratedStore();
    let lost = 0;
    const store = storeWith(real, async messages => {
      const result = await real.insertBatch(messages);
      if (lost === 0) {
        lost += 1;
        throw new Error('Connection terminated unexpectedly');
      }
      return result;
    });
    const topology = await createTopology();
    const broker = createBroker(store, [queue(topology.dlq)], {
      prefetch: 100,
      batchSize: 10,
      retryDelayMs: 10,
    });
    try {
      for (let i = 0; i < 5; i++) {
        topology.channel.sendToQueue(topology.dlq, Buffer.from(`l${i}`), {
          messageId: `lost-${i}`,
        });
      }
      broker.start();
      await drained(topology);
      await waitFor(async () => !(await broker.status()).storeError);
      const rows = await stored(knex, 5);
      expect(lost).toBe(1);
      expect(rows.map((r: any) => r.message_id)).toEqual(
        Array.from({ length: 5 }, (_, i) => `lost-${i}`),
      );
    } finally {
      await broker.stop();
      await topology.cleanup();
    }
  });

  it('a message-by-message pass cut short by the database going away goes on where it stopped: nothing twice, only the refused message parked', async () => {
    const { knex, store: real } = await migratedStore();
    let singles = 0;
    let outage = 0;
    const store = storeWith(real, async messages => {
      if (outage > 0) {
        outage -= 1;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
          code: 'ECONNREFUSED',
        });
      }
      if (messages.length === 1 && ++singles === 3) {
        // The third message of the pass: the database goes down for a while.
        outage = 3;
        throw adminShutdown();
      }
      if (messages.some(m => m.headers['x-poison'] !== undefined)) {
        throw new Error('value too long for type character varying(255)');
      }
      return real.insertBatch(messages);
    });
    const topology = await createTopology();
    const broker = createBroker(store, [queue(topology.dlq)], {
      prefetch: 100,
      batchSize: 10,
      retryDelayMs: 10,
    });
    try {
      for (let i = 0; i < 5; i++) {
        topology.channel.sendToQueue(topology.dlq, Buffer.from(`p${i}`), {
          messageId: `pass-${i}`,
          headers: i === 3 ? { 'x-poison': 'yes' } : {},
        });
      }
      broker.start();
      await drained(topology);
      const rows = await stored(knex, 5);
      expect(outage).toBe(0);
      expect(rows.map((r: any) => r.message_id)).toEqual(
        Array.from({ length: 5 }, (_, i) => `pass-${i}`),
      );
      expect(rows.map((r: any) => r.error !== null)).toEqual([
        false,
        false,
        false,
        true,
        false,
      ]);
      expect(rows[3].error).toMatch(/the database refused it: value too long/);
    } finally {
      await broker.stop();
      await topology.cleanup();
    }
  });

  it('resumes within 30 s when the dead-letter queue is deleted and declared again, and says what it is doing', async () => {
    const { knex, store } = await migratedStore();
    const topology = await createTopology();
    const broker = createBroker(store, [queue(topology.dlq)], {
      prefetch: 100,
      batchSize: 10,
      defaultBackoff: true,
    });
    try {
      broker.start();
      await waitFor(async () => broker.isConnected());
      expect(await broker.status()).toEqual(
        expect.objectContaining({
          state: 'consuming',
          queues: [{ name: topology.dlq, messagesWaiting: 0, consumers: 1 }],
        }),
      );
      await topology.channel.deleteQueue(topology.dlq);
      const down = await waitFor(async () => {
        const s = await broker.status();
        return s.state === 'reconnecting' && s;
      });
      expect(down.lastError?.message).toMatch(/cancelled the consumer/);
      expect(down.queues).toEqual([
        { name: topology.dlq, messagesWaiting: null, consumers: null },
      ]);
      await new Promise(r => setTimeout(r, 2000));
      await topology.channel.assertQueue(topology.dlq, { durable: true });
      await topology.channel.bindQueue(topology.dlq, topology.dlx, '');
      // Confirmed, so the broker counts them before the status is asked.
      const confirm = await topology.connection.createConfirmChannel();
      for (let i = 0; i < 3; i++) {
        confirm.sendToQueue(topology.dlq, Buffer.from(`w${i}`), {
          messageId: `waiting-${i}`,
        });
      }
      await confirm.waitForConfirms();
      await confirm.close();
      const waiting = await broker.status();
      expect(waiting.queues[0].messagesWaiting).toBe(3);
      const declaredAt = Date.now();
      await waitFor(async () => broker.isConnected(), 30_000);
      expect(Date.now() - declaredAt).toBeLessThan(30_000);
      await topology.deadLetter('after the queue came back', {
        messageId: 'after',
      });
      const rows = await stored(knex, 4);
      expect(rows.map((r: any) => r.message_id).sort()).toEqual([
        'after',
        'waiting-0',
        'waiting-1',
        'waiting-2',
      ]);
    } finally {
      await broker.stop();
      await topology.cleanup();
    }
  });

  it('while ingest is down, status calls within queueProbeCacheMs open one probe per queue, not one per call', async () => {
    const { store } = await migratedStore();
    const topology = await createTopology();
    const other = await createTopology();
    // Never started: the consumer is down, every probe is its own connection.
    const broker = createBroker(
      store,
      [queue(topology.dlq), queue(other.dlq)],
      {
        queueProbeCacheMs: 1000,
      },
    );
    const probes = jest.spyOn(AmqpClient.prototype, 'withChannel');
    try {
      topology.channel.sendToQueue(topology.dlq, Buffer.from('x'));
      const first = await Promise.all(
        Array.from({ length: 5 }, () => broker.status()),
      );
      for (let i = 0; i < 5; i++) {
        first.push(await broker.status());
      }
      expect(probes).toHaveBeenCalledTimes(2);
      for (const s of first) {
        expect(s.queues).toEqual([
          { name: topology.dlq, messagesWaiting: 1, consumers: 0 },
          { name: other.dlq, messagesWaiting: 0, consumers: 0 },
        ]);
      }
      // After the window the broker is asked again, and the answer is new.
      topology.channel.sendToQueue(topology.dlq, Buffer.from('y'));
      await new Promise(r => setTimeout(r, 1100));
      const later = await broker.status();
      expect(probes).toHaveBeenCalledTimes(4);
      expect(later.queues[0].messagesWaiting).toBe(2);
    } finally {
      probes.mockRestore();
      await broker.stop();
      await topology.cleanup();
      await other.cleanup();
    }
  });

  it('stores every message exactly once when the connection dies mid-stream before the acks', async () => {
    const { knex, store } = await migratedStore();
    const topology = await createTopology();
    const total = 3000;
    for (let i = 0; i < total; i++) {
      topology.channel.sendToQueue(topology.dlq, Buffer.from(`m${i}`), {
        messageId: `id-${i}`,
        persistent: true,
      });
    }
    await waitFor(async () => {
      const q = await topology.channel.checkQueue(topology.dlq);
      return q.messageCount === total;
    });
    // Stored but not acked: the socket dies before the ack.
    const failing = droppingConnection(store, 5);
    const broker = failing.attach(
      createBroker(failing.store, [queue(topology.dlq)], {
        batchSize: 200,
        prefetch: 500,
      }),
    );
    try {
      broker.start();
      await waitFor(async () => {
        const q = await topology.channel.checkQueue(topology.dlq);
        return (
          failing.state.killed && q.messageCount === 0 && q.consumerCount === 1
        );
      }, 30_000);
      // Let the last acks land.
      await waitFor(async () => {
        const page = await store.list({}, { offset: 0, limit: 1 });
        return page.totalCount >= total;
      });
      const rows = await knex('dead_letters').select('message_id');
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map(r => r.message_id)).size).toBe(total);
      expect(failing.state.killed).toBe(true);
    } finally {
      await broker.stop();
      await topology.cleanup();
    }
  });

  it('two replicas on one queue and database store every message exactly once, even when one loses its connection', async () => {
    const { knex, store } = await migratedStore();
    const topology = await createTopology();
    const total = 3000;
    for (let i = 0; i < total; i++) {
      topology.channel.sendToQueue(topology.dlq, Buffer.from(`r${i}`), {
        messageId: `replica-${i}`,
        persistent: true,
      });
    }
    const failing = droppingConnection(store, 3);
    const first = failing.attach(
      createBroker(failing.store, [queue(topology.dlq)], {
        batchSize: 100,
        prefetch: 300,
      }),
    );
    const second = createBroker(store, [queue(topology.dlq)], {
      batchSize: 100,
      prefetch: 300,
    });
    try {
      first.start();
      second.start();
      await waitFor(async () => {
        const [{ c }] = await knex('dead_letters').count({ c: '*' });
        const q = await topology.channel.checkQueue(topology.dlq);
        return Number(c) >= total && q.messageCount === 0;
      }, 30_000);
      const rows = await knex('dead_letters').select('message_id');
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map(r => r.message_id)).size).toBe(total);
      expect(failing.state.killed).toBe(true);
      expect(
        (await store.serviceCounts('dev')).reduce((n, c) => n + c.count, 0),
      ).toBe(total);
    } finally {
      await first.stop();
      await second.stop();
      await topology.cleanup();
    }
  });

  it('consumes a quorum dead-letter queue, and declares the queue when asked (idempotently)', async () => {
    const { store } = await migratedStore();
    const name = uniqueName('quorum');
    const exchange = uniqueName('quorum-dlx');
    const config = queue(name, {
      assert: true,
      type: 'quorum',
      bindExchange: exchange,
      bindExchangeType: 'fanout',
    });
    const first = createBroker(store, [config]);
    const connection = await amqp.connect(RABBITMQ_URL);
    const channel = await connection.createChannel();
    try {
      first.start();
      await waitFor(async () => first.isConnected());
      await first.stop();
      const broker = createBroker(store, [config]);
      broker.start();
      await waitFor(async () => broker.isConnected());
      channel.publish(exchange, '', Buffer.from('q'), {
        messageId: 'quorum-1',
      });
      const page = await waitFor(async () => {
        const p = await store.list({}, { offset: 0, limit: 10 });
        return p.items.length > 0 && p;
      });
      expect(page.items[0].messageId).toBe('quorum-1');
      await broker.stop();
    } finally {
      await channel.deleteQueue(name).catch(() => undefined);
      await channel.deleteExchange(exchange).catch(() => undefined);
      await connection.close();
    }
  });

  it('keeps retrying an unreachable broker in the background', async () => {
    const { store } = await migratedStore();
    const broker = createBroker(store, [queue('nowhere')], {
      url: 'amqp://guest:guest@127.0.0.1:1',
    });
    broker.start();
    await new Promise(r => setTimeout(r, 700));
    expect(broker.isConnected()).toBe(false);
    await broker.stop();
  });

  it('reports a redelivery to a queue that no longer exists, instead of dropping it', async () => {
    const { store } = await migratedStore();
    const topology = await createTopology();
    const broker = createBroker(store, [queue(topology.dlq)]);
    try {
      broker.start();
      await waitFor(async () => broker.isConnected());
      await expect(
        broker.redeliver(
          {
            id: '1',
            environment: 'dev',
            service: 's',
            queue: uniqueName('gone'),
            deadLetterQueue: topology.dlq,
            exchange: '',
            routingKey: '',
            messageId: null,
            correlationId: null,
            error: null,
            headers: {},
            properties: {},
            body: Buffer.from('x'),
            bodySize: 1,
            bodyTruncated: false,
            redeliveredCount: 0,
            receivedAt: new Date(),
            diedAt: new Date(),
          },
          'user:default/jane',
        ),
      ).rejects.toThrow(/does not exist/);
    } finally {
      await broker.stop();
      await topology.cleanup();
    }
  });
});
