/*
 * Benchmark of the dead-letter backend (issue 3).
 *
 * 1. Ingest: N messages (512-byte JSON body, message id, correlation id,
 *    x-death) are published into a dead-letter queue in a tight loop without
 *    confirms; then, on the same queue and machine, (a) a bare amqplib
 *    consumer that only acks (prefetch 1000, ack multiple every 100) drains
 *    it, and (b) the plugin's ingest (AmqpDeadLetterBroker +
 *    DatabaseDeadLetterStore on PostgreSQL) drains it until every message is
 *    queryable. Both for a durable classic queue and a quorum queue.
 * 2. Queries: 1,000,000 stored messages on PostgreSQL (database
 *    bench_dead_letter; the ingest part uses bench_dead_letter_ingest), the plugin's HTTP API in a test backend;
 *    p50/p95/p99 of GET /dead-letters for one service (first page, a deep
 *    page) and of both overviews.
 *
 *   source scripts/env.sh
 *   cd plugins/dead-letter-backend && yarn bench            # both
 *   BENCH_PART=ingest yarn bench   |   BENCH_PART=query yarn bench
 *
 * Env: BENCH_MESSAGES (100000), BENCH_STORED (1000000), BENCH_SAMPLES (200),
 * BENCH_PG (postgresql://postgres@127.0.0.1:5432), RABBITMQ_URL.
 * Prints figures and writes bench/results/dead-letter-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import amqp from 'amqplib';
import knexFactory, { Knex } from 'knex';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import deadLetterPlugin, {
  AmqpDeadLetterBroker,
  applyMigrations,
  DatabaseDeadLetterStore,
  DEFAULT_SERVICE_RULE,
} from '@internal/backstage-plugin-dead-letter-backend';

const RABBITMQ_URL =
  process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const PG = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DB = 'bench_dead_letter';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const STORED = Number(process.env.BENCH_STORED ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const PART = process.env.BENCH_PART ?? 'all';
// The plugin's defaults unless overridden.
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const PREFETCH = Number(process.env.BENCH_PREFETCH ?? 2000);

const silentLogger = mockServices.rootLogger({ level: 'warn' });

async function database(name: string): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  const exists = await admin.raw(
    'SELECT 1 FROM pg_database WHERE datname = ?',
    [name],
  );
  if (exists.rows.length === 0) {
    await admin.raw(`CREATE DATABASE ${name}`);
  }
  await admin.destroy();
  const knex = knexFactory({
    client: 'pg',
    connection: `${PG}/${name}`,
    pool: { min: 1, max: 10 },
  });
  await applyMigrations(knex);
  return knex;
}

async function truncate(knex: Knex) {
  await knex.raw(
    'TRUNCATE dead_letters, dead_letter_service_counts, dead_letter_audit RESTART IDENTITY',
  );
}

function body(i: number): Buffer {
  const json = JSON.stringify({
    accountId: `acc-${i}`,
    amount: i % 10000,
    currency: 'DKK',
  });
  return Buffer.from(json.padEnd(512, ' '));
}

async function fillQueue(
  channel: amqp.Channel,
  queue: string,
  n: number,
): Promise<number> {
  const start = process.hrtime.bigint();
  const death = [
    {
      count: 1,
      reason: 'rejected',
      queue: 'dev-k8s-commandstreams_bankaccount_account_term-deposit',
      time: { '!': 'timestamp', value: Math.floor(Date.now() / 1000) },
      exchange: 'bankaccount',
      'routing-keys': ['account.term-deposit.created'],
    },
  ];
  for (let i = 0; i < n; i++) {
    const ok = channel.sendToQueue(queue, body(i), {
      persistent: true,
      messageId: `bench-${i}`,
      correlationId: `corr-${i}`,
      contentType: 'application/json',
      headers: { 'x-death': death, 'x-error-message': 'timeout calling core' },
    });
    if (!ok) {
      await new Promise(r => channel.once('drain', r));
    }
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Wait until the broker has them all.
  for (;;) {
    const q = await channel.checkQueue(queue);
    if (q.messageCount >= n) break;
    await new Promise(r => setTimeout(r, 100));
  }
  return (n / ms) * 1000;
}

async function bareDrain(
  queue: string,
  n: number,
): Promise<{ rate: number; sustained: number }> {
  const connection = await amqp.connect(RABBITMQ_URL);
  const channel = await connection.createChannel();
  await channel.prefetch(1000);
  let count = 0;
  let t10 = 0n;
  let t90 = 0n;
  const start = process.hrtime.bigint();
  await new Promise<void>(resolve => {
    channel.consume(queue, msg => {
      if (!msg) return;
      count += 1;
      if (count === Math.floor(n * 0.1)) t10 = process.hrtime.bigint();
      if (count === Math.floor(n * 0.9)) t90 = process.hrtime.bigint();
      if (count % 100 === 0 || count === n) {
        channel.ack(msg, true);
      }
      if (count === n) resolve();
    });
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await channel.close();
  await connection.close();
  return {
    rate: (n / ms) * 1000,
    sustained: ((n * 0.8) / (Number(t90 - t10) / 1e6)) * 1000,
  };
}

async function pluginDrain(
  knex: Knex,
  queue: string,
  n: number,
): Promise<{ rate: number; sustained: number; stored: number }> {
  await truncate(knex);
  const store = new DatabaseDeadLetterStore(knex);
  const broker = new AmqpDeadLetterBroker({
    environment: {
      name: 'dev',
      url: RABBITMQ_URL,
      queues: [
        {
          name: queue,
          assert: false,
          type: 'classic',
          bindExchangeType: 'fanout',
          bindingKey: '',
        },
      ],
      prefetch: PREFETCH,
    },
    store,
    logger: silentLogger,
    rules: {
      serviceRule: new RegExp(DEFAULT_SERVICE_RULE),
      serviceHeader: 'x-service',
      errorHeader: 'x-error-message',
      maxBodyBytes: 1024 * 1024,
    },
    batchSize: BATCH,
    batchMaxWaitMs: 50,
  });
  const start = process.hrtime.bigint();
  broker.start();
  let stored = 0;
  let t10 = 0n;
  let t90 = 0n;
  for (;;) {
    // The per-service counters commit with the messages (and cost nothing to read).
    const [{ c }] = await knex('dead_letter_service_counts').sum({
      c: 'message_count',
    });
    stored = Number(c ?? 0);
    if (!t10 && stored >= n * 0.1) t10 = process.hrtime.bigint();
    if (!t90 && stored >= n * 0.9) t90 = process.hrtime.bigint();
    if (stored >= n) break;
    await new Promise(r => setTimeout(r, 20));
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const sustained = ((n * 0.8) / (Number(t90 - t10) / 1e6)) * 1000;
  await broker.stop();
  return { rate: (n / ms) * 1000, sustained, stored };
}

async function ingest(knex: Knex) {
  const results: Record<string, unknown>[] = [];
  for (const type of ['classic', 'quorum'] as const) {
    const connection = await amqp.connect(RABBITMQ_URL);
    const channel = await connection.createChannel();
    // A queue per consumer, so neither sees the other's leftovers.
    const queues = ['bare', 'plugin'].map(
      who =>
        `bench.dead-letter.${type}.${who}.${randomBytes(4).toString('hex')}`,
    );
    try {
      for (const queue of queues) {
        await channel.assertQueue(queue, {
          durable: true,
          arguments: type === 'quorum' ? { 'x-queue-type': 'quorum' } : {},
        });
      }
      const publishBare = await fillQueue(channel, queues[0], MESSAGES);
      const bare = await bareDrain(queues[0], MESSAGES);
      const publishPlugin = await fillQueue(channel, queues[1], MESSAGES);
      const plugin = await pluginDrain(knex, queues[1], MESSAGES);
      const row = {
        queueType: type,
        messages: MESSAGES,
        prefetch: PREFETCH,
        batchSize: BATCH,
        publishRate: Math.round((publishBare + publishPlugin) / 2),
        bareConsumerRate: Math.round(bare.rate),
        bareConsumerSustained: Math.round(bare.sustained),
        pluginQueryableRate: Math.round(plugin.rate),
        pluginQueryableSustained: Math.round(plugin.sustained),
        ratio: Number((plugin.rate / bare.rate).toFixed(2)),
        sustainedRatio: Number((plugin.sustained / bare.sustained).toFixed(2)),
        stored: plugin.stored,
        loadAverage: Number(os.loadavg()[0].toFixed(1)),
      };
      console.log(
        `ingest ${type.padEnd(7)} publish ${
          row.publishRate
        }/s | bare consumer ${row.bareConsumerRate}/s (sustained ${
          row.bareConsumerSustained
        }/s) | plugin queryable ${row.pluginQueryableRate}/s (sustained ${
          row.pluginQueryableSustained
        }/s) | ratio ${row.ratio} (sustained ${row.sustainedRatio}) | stored ${
          row.stored
        }/${MESSAGES} | load ${row.loadAverage}`,
      );
      results.push(row);
    } finally {
      for (const queue of queues) {
        await channel.deleteQueue(queue).catch(() => undefined);
      }
      await connection.close();
    }
  }
  return results;
}

async function bulkLoad(knex: Knex, n: number) {
  const [{ c }] = await knex('dead_letters').count({ c: '*' });
  if (Number(c) === n) {
    console.log(`query: reusing ${n} stored messages`);
    return;
  }
  await truncate(knex);
  const chunk = 100_000;
  const start = Date.now();
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    // 3 environments, 200 services; term-deposit holds every 10th message.
    await knex.raw(
      `INSERT INTO dead_letters (dedupe_key, environment, service, queue, dead_letter_queue, exchange,
         routing_key, message_id, correlation_id, error, headers, properties, body, body_size,
         body_truncated, redelivered_count, received_at, died_at)
       SELECT md5(i::text) || md5((i + 1)::text),
              (ARRAY['dev','staging','prod'])[i % 3 + 1],
              CASE WHEN i % 10 = 0 THEN 'term-deposit' ELSE 'svc-' || (i % 199) END,
              'dev-k8s-commandstreams_bankaccount_account_' || CASE WHEN i % 10 = 0 THEN 'term-deposit' ELSE 'svc-' || (i % 199) END,
              'dead-letters', 'bankaccount', 'account.created', 'msg-' || i, 'corr-' || i,
              (ARRAY['timeout calling core', 'invalid JSON body', 'account locked', 'duplicate key', 'rate limited'])[(i / 10) % 5 + 1],
              '{"x-death":[{"count":1,"reason":"rejected"}]}', '{"contentType":"application/json"}',
              convert_to(rpad('{"n":' || i || '}', 512, ' '), 'UTF8'), 512, false, 0,
              now() - ((? - i) * interval '1 second'),
              now() - ((? - i) * interval '1 second')
       FROM generate_series(?::bigint, ?::bigint) AS i`,
      [n, n, from, to],
    );
  }
  await knex.raw(`INSERT INTO dead_letter_service_counts (environment, service, message_count, last_received_at)
    SELECT environment, service, count(*), max(received_at) FROM dead_letters GROUP BY environment, service`);
  // The counters ingest keeps (error grouping, trends).
  await knex.raw(`INSERT INTO dead_letter_error_counts (environment, service, error_key, error, message_count)
    SELECT environment, service, COALESCE(md5(error), ''), error, count(*) FROM dead_letters GROUP BY environment, service, error`);
  await knex.raw(`INSERT INTO dead_letter_daily_counts (environment, service, day, message_count)
    SELECT environment, service, to_char(died_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*) FROM dead_letters GROUP BY 1, 2, 3`);
  // What autovacuum does soon after in production (visibility map, stats).
  await knex.raw('VACUUM ANALYZE dead_letters');
  await knex.raw('VACUUM ANALYZE dead_letter_service_counts');
  console.log(
    `query: loaded ${n} messages in ${((Date.now() - start) / 1000).toFixed(
      1,
    )} s`,
  );
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ];
  return {
    p50: Number(at(50).toFixed(2)),
    p95: Number(at(95).toFixed(2)),
    p99: Number(at(99).toFixed(2)),
  };
}

async function queries(knex: Knex) {
  await bulkLoad(knex, STORED);
  const { server } = await startTestBackend({
    features: [
      deadLetterPlugin,
      mockServices.database.factory({ knex, migrations: { skip: true } }),
      mockServices.rootConfig.factory({ data: {} }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'term-deposit', namespace: 'default' },
            spec: { type: 'service', owner: 'group:default/squad-nasa' },
            relations: [
              { type: 'ownedBy', targetRef: 'group:default/squad-nasa' },
            ],
          },
        ],
      }),
    ],
  });
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/dead-letter`;
  const [{ c }] = await knex('dead_letters')
    .where({ environment: 'dev', service: 'term-deposit' })
    .count({ c: '*' });
  const serviceTotal = Number(c);
  const cases = {
    'GET /dead-letters one service, first page':
      '/dead-letters?environment=dev&service=term-deposit&limit=50',
    'GET /dead-letters one service, page 201 (offset 10000)':
      '/dead-letters?environment=dev&service=term-deposit&limit=50&offset=10000',
    'GET /dead-letters one service, last page': `/dead-letters?environment=dev&service=term-deposit&limit=50&offset=${
      serviceTotal - 50
    }`,
    // A message somewhere in the middle of the store, found from any service.
    'GET /dead-letters/lookup by message id (all services)': `/dead-letters/lookup?id=msg-${Math.floor(
      STORED / 2,
    )}`,
    'GET /dead-letters/lookup by correlation id (all services)': `/dead-letters/lookup?id=corr-${Math.floor(
      STORED / 3,
    )}`,
    'GET /dead-letters/errors one service (error grouping)':
      '/dead-letters/errors?environment=dev&service=term-deposit',
    'GET /dead-letters one service, one error (triage filter)':
      '/dead-letters?environment=dev&service=term-deposit&error=account%20locked&limit=50',
    'GET /dead-letters/trends (14 days, all services)':
      '/dead-letters/trends?environment=dev&days=14',
    'GET /dead-letters/service-overview':
      '/dead-letters/service-overview?environment=dev',
    'GET /dead-letters/squad-overview':
      '/dead-letters/squad-overview?environment=dev',
  };
  const results: Record<string, unknown>[] = [];
  for (const [name, url] of Object.entries(cases)) {
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES + 20; i++) {
      const start = process.hrtime.bigint();
      const res = await fetch(base + url);
      await res.json();
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      if (i >= 20) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const p = percentiles(samples);
    console.log(
      `${name.padEnd(55)} p50 ${p.p50} ms  p95 ${p.p95} ms  p99 ${p.p99} ms`,
    );
    results.push({ query: name, samples: SAMPLES, ...p });
  }
  server.close();
  return { stored: STORED, serviceMessagesInDev: serviceTotal, results };
}

async function main() {
  const output: Record<string, unknown> = {
    benchmark: 'dead-letter',
    at: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map(l => Number(l.toFixed(1))),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
    },
  };
  if (PART === 'all' || PART === 'ingest') {
    // Its own database: the ingest runs empty the tables each time.
    const knex = await database(`${DB}_ingest`);
    output.ingest = await ingest(knex);
    await knex.destroy();
  }
  if (PART === 'all' || PART === 'query') {
    const knex = await database(DB);
    output.query = await queries(knex);
    await knex.destroy();
  }
  // Other work on the machine skews the figures: the load is part of the result.
  output.loadAverageAtEnd = os.loadavg().map(l => Number(l.toFixed(1)));
  const dir = path.resolve(__dirname, '../results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `dead-letter-${output.at as string}.json`.replace(/:/g, '-'),
  );
  fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
