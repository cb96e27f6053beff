import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect, APIRequestContext, Page } from '@playwright/test';
import amqp from 'amqplib';
import { signIn } from './support/portal';

// Two real backend processes of one build behind nginx (scripts/replicas.sh,
// started by the global setup): one PostgreSQL database on a server of their
// own (REPLICAS_PG=private, so that it can be restarted), one RabbitMQ queue
// both consume. Run with `yarn playwright test -c playwright.replicas.config.ts`.
// The tests kill and stop replicas, so they run in this order.

const PORT = Number(process.env.REPLICAS_PORT ?? 7200);
const LB = `http://127.0.0.1:${PORT}`;
const REPLICA = {
  a: `http://127.0.0.1:${PORT + 1}`,
  b: `http://127.0.0.1:${PORT + 2}`,
};
const RUN_DIR = process.env.REPLICAS_RUN_DIR ?? '/tmp/lunar-replicas';
const DB = process.env.REPLICAS_DB ?? 'lunar_replicas';
const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
// As scripts/replicas.sh configures them (REPLICAS_QUEUE, REPLICAS_EXCHANGE).
const DEAD_LETTER_EXCHANGE =
  process.env.REPLICAS_EXCHANGE ?? 'replicas.dead-letter';
const DEAD_LETTER_QUEUE = process.env.REPLICAS_QUEUE ?? 'replicas.dead-letters';
const ENVIRONMENT = 'dev';
const WEBHOOK_SECRET =
  process.env.GITHUB_WEBHOOK_SECRET ?? 'replicas-webhook-secret';
const run = randomBytes(4).toString('hex');

type Replica = keyof typeof REPLICA;

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** The PostgreSQL port the replicas use, as scripts/replicas.sh chose it. */
function postgresPort(): number {
  return Number(readFileSync(`${RUN_DIR}/postgres.port`, 'utf8').trim());
}

function sql(query: string): string {
  return execFileSync(
    'psql',
    [
      ...['-h', '127.0.0.1', '-p', String(postgresPort())],
      ...['-U', 'postgres', '-d', DB, '-XAtc', query],
    ],
    { encoding: 'utf8' },
  ).trim();
}

/** Rows stored for a batch, and how many distinct message ids among them. */
function stored(prefix: string): { rows: number; distinct: number } {
  const [rows, distinct] = sql(
    `select count(*), count(distinct message_id) from "dead-letter".dead_letters where message_id like '${prefix}-%'`,
  )
    .split('|')
    .map(Number);
  return { rows, distinct };
}

function pid(name: Replica): number {
  return Number(readFileSync(`${RUN_DIR}/${name}.pid`, 'utf8').trim());
}

/** Still running (a process nobody reaped yet counts as gone). */
function running(p: number): boolean {
  try {
    return readFileSync(`/proc/${p}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

function restart(name: Replica) {
  execFileSync('bash', ['scripts/replicas.sh', 'restart-replica', name], {
    stdio: 'pipe',
    timeout: 240_000,
  });
}

/** Stops or starts the replicas' own PostgreSQL server (pg_ctl, -m fast). */
function postgres(command: 'stop-postgres' | 'start-postgres') {
  execFileSync('bash', ['scripts/replicas.sh', command], {
    stdio: 'pipe',
    timeout: 120_000,
  });
}

async function headers(request: APIRequestContext, base = LB) {
  const res = await request.get(`${base}/api/auth/guest/refresh`);
  expect(res.ok(), await res.text()).toBeTruthy();
  const body = await res.json();
  return { Authorization: `Bearer ${body.backstageIdentity.token}` };
}

/** The stored count of one service, through nginx. */
async function apiCount(
  request: APIRequestContext,
  service: string,
  extra = '',
): Promise<number> {
  const res = await request.get(
    `${LB}/api/dead-letter/dead-letters?environment=${ENVIRONMENT}&service=${service}&limit=1${extra}`,
    { headers: await headers(request) },
  );
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).totalCount;
}

/**
 * Publishes n dead letters of a service (message ids prefix-0..n-1) to the
 * dead-letter exchange, `perTick` at a time every `tickMs` (paced, so a
 * replica can be stopped while they arrive). Resolves once all are confirmed.
 */
async function publish(
  prefix: string,
  service: string,
  n: number,
  { perTick = 500, tickMs = 0 } = {},
) {
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createConfirmChannel();
  for (let i = 0; i < n; i++) {
    channel.publish(
      DEAD_LETTER_EXCHANGE,
      '',
      Buffer.from(JSON.stringify({ run, i, pad: 'x'.repeat(200) })),
      {
        messageId: `${prefix}-${i}`,
        persistent: true,
        headers: { 'x-service': service, 'x-error-message': 'replicas test' },
      },
    );
    if ((i + 1) % perTick === 0) {
      await channel.waitForConfirms();
      if (tickMs) await sleep(tickMs);
    }
  }
  await channel.waitForConfirms();
  await connection.close();
}

async function consumers(): Promise<number> {
  const connection = await amqp.connect(AMQP_URL);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(DEAD_LETTER_QUEUE)).consumerCount;
  } finally {
    await connection.close();
  }
}

/** Waits until every message of a batch is stored, then checks for doubles. */
async function expectAllStoredOnce(
  request: APIRequestContext,
  prefix: string,
  service: string,
  n: number,
) {
  await expect
    .poll(() => apiCount(request, service), { timeout: 60_000 })
    .toBe(n);
  // A little longer: a late duplicate would show up now.
  await sleep(1500);
  expect(await apiCount(request, service)).toBe(n);
  expect(stored(prefix)).toEqual({ rows: n, distinct: n });
}

/**
 * Starts publishing 4,000 dead letters of a service of their own, 200 every
 * 100 ms (about two seconds of arrivals), and resolves once more than 400
 * are stored: ingest is under way when the fault comes.
 */
async function ingestUnderWay(name: string) {
  const prefix = `rep-${run}-${name}`;
  const service = `load-${run}-${name}`;
  const n = 4000;
  const publishing = publish(prefix, service, n, { perTick: 200, tickMs: 100 });
  await expect
    .poll(() => stored(prefix).rows, { intervals: [50], timeout: 30_000 })
    .toBeGreaterThan(400);
  return { prefix, service, n, publishing };
}

/**
 * Signs in and opens term-deposit's Dead letter tab with every request of
 * the page, the signals WebSocket too, sent by nginx to replica B
 * (scripts/replicas.sh pins on the cookie lunar_replica).
 */
async function openDeadLetterTabOnB(page: Page) {
  await page
    .context()
    .addCookies([{ name: 'lunar_replica', value: 'b', url: LB }]);
  await signIn(
    page,
    `/catalog/default/component/term-deposit/dead-letter?environment=${ENVIRONMENT}`,
  );
  await expect(
    page.getByText(/dead letters|No dead letters/i).first(),
  ).toBeVisible();
}

const figures: Record<string, unknown> = {};

test.afterAll(async () => {
  // The closing note's figures (also in the test output).
  console.log(`replicas figures: ${JSON.stringify(figures)}`);
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  await channel.deleteQueue(serviceQueue);
  await connection.close();
});

test('both replicas consume one queue: N messages give exactly N rows', async ({
  request,
}) => {
  expect(await consumers()).toBe(2);
  const prefix = `rep-${run}-ingest`;
  const service = `load-${run}-one`;
  const n = 2000;
  const started = Date.now();
  await publish(prefix, service, n);
  await expectAllStoredOnce(request, prefix, service, n);
  figures.ingest = { sent: n, ...stored(prefix), ms: Date.now() - started };
  // Both replicas took part (each logs what its batches stored? the queue's
  // two consumers are the broker's view of it).
  expect(await consumers()).toBe(2);
});

/** Has the broker close every AMQP connection of one replica's process. */
function closeBrokerConnections(name: Replica): number {
  const p = pid(name);
  const ports = execFileSync(
    'ss',
    ['-tnpH', 'state', 'established', '( dport = :5672 )'],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter(line => line.includes(`pid=${p},`))
    .map(line => line.trim().split(/\s+/)[2].split(':').pop());
  // rabbitmqctl closes a connection by its Erlang pid: "<pid>\t<name>" lines.
  const connections = execFileSync(
    'rabbitmqctl',
    ['list_connections', 'pid', 'name', '-q', '--no-table-headers'],
    { encoding: 'utf8' },
  )
    .split('\n')
    .map(line => line.trim().split('\t'))
    .filter(([, n]) => ports.some(port => n?.startsWith(`127.0.0.1:${port} `)));
  for (const [connectionPid] of connections) {
    execFileSync(
      'rabbitmqctl',
      [
        'close_connection',
        connectionPid,
        'replicas test: closed by the broker',
      ],
      { stdio: 'pipe' },
    );
  }
  return connections.length;
}

test("the broker closes one replica's connection during ingest: it reconnects, nothing lost or doubled", async ({
  request,
}) => {
  const { prefix, service, n, publishing } = await ingestUnderWay('close');
  const atClose = stored(prefix).rows;
  expect(closeBrokerConnections('a')).toBeGreaterThan(0);
  await publishing;
  await expectAllStoredOnce(request, prefix, service, n);
  // Replica A consumes again by itself (backoff 0.5 s to 15 s).
  await expect.poll(() => consumers(), { timeout: 30_000 }).toBe(2);
  figures.brokerClose = { sent: n, storedAtClose: atClose, ...stored(prefix) };
});

// A service queue of term-deposit's (the service rule takes the part after
// the last "_"), dead-lettering into the replicas' queue: real x-death
// headers, and a queue of ours to count what redelivery publishes.
const serviceQueue = `dev-k8s-commandstreams_bankaccount_rep${run}_term-deposit`;

async function deadLetterFromServiceQueue(n: number) {
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createConfirmChannel();
  await channel.assertQueue(serviceQueue, {
    durable: false,
    arguments: { 'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE },
  });
  for (let i = 0; i < n; i++) {
    channel.sendToQueue(serviceQueue, Buffer.from(`{"n":${i}}`), {
      messageId: `rep-${run}-redeliver-${i}`,
      headers: { 'x-error-message': 'insufficient funds' },
    });
  }
  await channel.waitForConfirms();
  // The service's consumer rejects them all: the broker dead-letters them.
  let rejected = 0;
  await new Promise<void>(resolve => {
    channel.consume(serviceQueue, msg => {
      if (!msg) return;
      channel.nack(msg, false, false);
      if (++rejected === n) resolve();
    });
  });
  // The channel first: closing the connection at once can requeue the
  // rejected messages before the broker has handled the rejects.
  await channel.close();
  await connection.close();
}

/** Takes what sits in the service queue and returns the message ids. */
async function drainServiceQueue(): Promise<string[]> {
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  const ids: string[] = [];
  for (;;) {
    const msg = await channel.get(serviceQueue, { noAck: true });
    if (!msg) break;
    ids.push(String(msg.properties.messageId));
  }
  await connection.close();
  return ids;
}

test('the same ids or filter sent to both replicas at once are published once; a bulk job is followed through the other replica', async ({
  request,
}) => {
  const n = 40;
  await deadLetterFromServiceQueue(n);
  const queueFilter = `&queue=${encodeURIComponent(serviceQueue)}`;
  await expect
    .poll(() => apiCount(request, 'term-deposit', queueFilter), {
      timeout: 30_000,
    })
    .toBe(n);
  const auth = await headers(request);
  const list = await (
    await request.get(
      `${LB}/api/dead-letter/dead-letters?environment=${ENVIRONMENT}&service=term-deposit${queueFilter}&limit=500&order=asc`,
      { headers: auth },
    )
  ).json();
  const ids: string[] = list.items
    .slice(0, 20)
    .map((m: { id: string }) => m.id);

  // The same 20 ids to both replicas at once.
  const [onA, onB] = await Promise.all(
    (['a', 'b'] as const).map(async name =>
      (
        await request.post(
          `${REPLICA[name]}/api/dead-letter/dead-letters/redeliver`,
          { headers: auth, data: { ids } },
        )
      ).json(),
    ),
  );
  const redelivered = [...onA.results, ...onB.results].filter(
    (r: { status: string }) => r.status === 'redelivered',
  );
  expect(redelivered.map((r: { id: string }) => r.id).sort()).toEqual(
    [...ids].sort(),
  );
  await sleep(500);
  const published = await drainServiceQueue();
  expect(published).toHaveLength(20);
  expect(new Set(published).size).toBe(20);

  // The other 20 by filter, started on both replicas at once.
  const rest = await (
    await request.get(
      `${LB}/api/dead-letter/dead-letters?environment=${ENVIRONMENT}&service=term-deposit${queueFilter}&limit=1`,
      { headers: auth },
    )
  ).json();
  expect(rest.totalCount).toBe(20);
  const bulk = {
    action: 'redeliver',
    filter: {
      environment: ENVIRONMENT,
      service: 'term-deposit',
      queue: serviceQueue,
    },
    upToId: rest.newestId,
    expectedCount: 20,
  };
  const jobs = await Promise.all(
    (['a', 'b'] as const).map(async name => {
      const res = await request.post(
        `${REPLICA[name]}/api/dead-letter/dead-letters/bulk`,
        { headers: auth, data: bulk },
      );
      expect(res.status(), await res.text()).toBe(202);
      return res.json();
    }),
  );
  // Each job, started on one replica, polled on the other until it is done.
  const done = await Promise.all(
    jobs.map(async (job, i) => {
      const other = i === 0 ? REPLICA.b : REPLICA.a;
      let state: any;
      await expect
        .poll(
          async () => {
            state = await (
              await request.get(
                `${other}/api/dead-letter/dead-letters/bulk/${job.id}`,
                { headers: auth },
              )
            ).json();
            return state.state;
          },
          { timeout: 30_000 },
        )
        .toBe('done');
      // What the other job redelivered first is no longer listed for this
      // one: processed may stay below the total counted at the start.
      expect(state.processed).toBeLessThanOrEqual(state.total);
      expect(state.succeeded + state.failed).toBe(state.processed);
      return state;
    }),
  );
  expect(done[0].succeeded + done[1].succeeded).toBe(20);
  await sleep(500);
  const publishedByFilter = await drainServiceQueue();
  expect(publishedByFilter).toHaveLength(20);
  expect(new Set(publishedByFilter).size).toBe(20);
  expect(await apiCount(request, 'term-deposit', queueFilter)).toBe(0);
  figures.redelivery = {
    byId: { sent: 20, publishedOnce: published.length },
    byFilter: {
      jobs: done.map(j => ({ total: j.total, succeeded: j.succeeded })),
      published: publishedByFilter.length,
    },
  };
});

function signedWebhook(title: string) {
  const now = new Date().toISOString();
  const number = 1000 + Math.floor(Math.random() * 9000);
  return JSON.stringify({
    action: 'opened',
    number,
    pull_request: {
      id: Number.parseInt(run, 16),
      node_id: `PR_replicas_${run}`,
      number,
      state: 'open',
      title,
      html_url: `https://github.com/lunarway/term-deposit/pull/${number}`,
      user: { login: 'demo-developer' },
      created_at: now,
      updated_at: now,
      draft: false,
      merged: false,
      base: { ref: 'master' },
      head: { ref: `replicas-${run}` },
    },
    repository: {
      id: 4242,
      name: 'term-deposit',
      full_name: 'lunarway/term-deposit',
      html_url: 'https://github.com/lunarway/term-deposit',
      default_branch: 'master',
      owner: { login: 'lunarway' },
    },
    sender: { login: 'demo-developer' },
  });
}

test('a page on replica B shows the "N new" marker and the pulse entry for what arrived on replica A', async ({
  page,
  request,
}) => {
  const sockets: string[] = [];
  page.on('websocket', ws => sockets.push(ws.url()));
  await openDeadLetterTabOnB(page);
  await expect
    .poll(() => sockets.some(u => u.includes('/api/signals')))
    .toBe(true);

  // Six dead letters: the broker hands them out to both replicas' consumers
  // round robin, so replica A stores about half; the page counts all six.
  await deadLetterFromServiceQueue(6);
  const marker = page.getByRole('button', { name: /6 new dead letters/ });
  await expect(marker).toBeVisible({ timeout: 30_000 });
  // Both replicas stored some of them (each consumer has its own ingest
  // session), so the marker on B counted what A stored.
  expect(
    Number(
      sql(
        `select count(distinct ingest_session) from "dead-letter".dead_letters where queue = '${serviceQueue}' and message_id like 'rep-${run}-redeliver-%' and received_at > now() - interval '2 minutes'`,
      ),
    ),
  ).toBe(2);

  // A signed GitHub webhook posted to replica A's own port.
  const title = `Replicas ${run}: a webhook on replica A`;
  await page.goto('/catalog/default/group/squad-gemini');
  const pulse = page.getByRole('table', { name: 'Pulse' });
  await expect(
    pulse.or(page.getByText('Nothing happened yet')).first(),
  ).toBeVisible();
  const body = signedWebhook(title);
  const { createHmac, randomUUID } = await import('node:crypto');
  const res = await request.post(`${REPLICA.a}/api/events/http/github`, {
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', WEBHOOK_SECRET)
        .update(body)
        .digest('hex')}`,
    },
    data: body,
  });
  expect(res.status(), await res.text()).toBe(202);
  await expect(
    page.getByRole('table', { name: 'Pulse' }).getByRole('row').filter({
      hasText: title,
    }),
  ).toBeVisible({ timeout: 20_000 });
  // Redelivered-or-not, clean the six away for the later counts.
  await drainServiceQueue();
});

async function readiness(name: Replica, request: APIRequestContext) {
  return (
    await request.get(`${REPLICA[name]}/.backstage/health/v1/readiness`)
  ).status();
}

test('PostgreSQL restarted during ingest: the Dead letter tab says storing fails while it is down, nothing lost or doubled, both replicas go on', async ({
  page,
  request,
}) => {
  expect(
    postgresPort(),
    'the replicas run on a PostgreSQL of their own (REPLICAS_PG=private)',
  ).not.toBe(5432);
  // Pinned to replica B, as in the "N new" test: the tab's status and its
  // signals come from the replica the page talks to.
  await openDeadLetterTabOnB(page);
  const notice = page
    .getByRole('alert')
    .filter({ hasText: 'cannot store dead letters' });
  await expect(notice).toHaveCount(0);

  const { prefix, service, n, publishing } = await ingestUnderWay('pg');
  const storedAtStop = stored(prefix).rows;
  const downAt = Date.now();
  let noticeAfterMs: number;
  let noticeText = '';
  postgres('stop-postgres');
  try {
    // While it is down, the open tab says so by itself.
    await expect(notice).toBeVisible({ timeout: 15_000 });
    noticeAfterMs = Date.now() - downAt;
    await expect(notice).toContainText(
      `Ingest of ${ENVIRONMENT} cannot store dead letters since`,
    );
    await expect(notice).toContainText(
      'They stay on the broker and are stored once the database answers again.',
    );
    await expect(notice).toContainText(`waiting in ${DEAD_LETTER_QUEUE}`);
    noticeText = (await notice.textContent()) ?? '';
    // The rest arrives while the database is down.
    await publishing;
  } finally {
    // Up again whatever happened: the later tests need it.
    postgres('start-postgres');
  }
  const upAt = Date.now();
  await expect(notice).toBeHidden({ timeout: 30_000 });
  const noticeGoneAfterMs = Date.now() - upAt;
  await expect
    .poll(() => stored(prefix).rows, { intervals: [100], timeout: 60_000 })
    .toBeGreaterThanOrEqual(n);
  const allStoredAfterMs = Date.now() - upAt;
  await expectAllStoredOnce(request, prefix, service, n);
  // Both replicas went on by themselves: running, ready, consuming.
  for (const name of ['a', 'b'] as const) {
    expect(running(pid(name)), `replica ${name} runs`).toBe(true);
    expect(await readiness(name, request)).toBe(200);
  }
  expect(await consumers()).toBe(2);
  figures.postgresRestart = {
    sent: n,
    storedAtStop,
    ...stored(prefix),
    outageMs: upAt - downAt,
    noticeAfterMs,
    noticeGoneAfterMs,
    allStoredAfterMs,
    notice: noticeText,
  };
});

test('kill -9 of one replica in the middle of ingest: nothing lost, nothing doubled, the other goes on alone', async ({
  request,
}) => {
  const { prefix, service, n, publishing } = await ingestUnderWay('kill');
  const atKill = stored(prefix).rows;
  const victim = pid('a');
  process.kill(-victim, 'SIGKILL');
  await publishing;
  expect(atKill).toBeLessThan(n);
  await expect.poll(() => running(victim)).toBe(false);
  // Replica B alone, through nginx (which skips the dead one).
  await expectAllStoredOnce(request, prefix, service, n);
  expect(await consumers()).toBe(1);
  const lbHealth = await request.get(`${LB}/.backstage/health/v1/readiness`);
  expect(lbHealth.status()).toBe(200);
  figures.kill9 = { sent: n, storedAtKill: atKill, ...stored(prefix) };

  // Back to two for the tests after this one.
  restart('a');
  await expect.poll(() => consumers(), { timeout: 30_000 }).toBe(2);
});

test('SIGTERM while ingest runs: readiness false first, drained and exited within 30 s, nothing lost or doubled', async ({
  request,
}) => {
  const { prefix, service, n, publishing } = await ingestUnderWay('term');
  const victim = pid('b');
  const auth = await headers(request);
  // A request open on B when the signal arrives still gets its answer.
  const open = request.get(
    `${REPLICA.b}/api/dead-letter/dead-letters?environment=${ENVIRONMENT}&service=${service}&limit=500`,
    { headers: auth },
  );
  // What B logs from here on (earlier tests made it log errors on purpose).
  const logFrom = readFileSync(`${RUN_DIR}/replica-b.log`).length;
  const termAt = Date.now();
  process.kill(victim, 'SIGTERM');
  let notReadyAt: number | undefined;
  let consumerGoneAt: number | undefined;
  while (running(victim) && Date.now() - termAt < 40_000) {
    if (consumerGoneAt === undefined && (await consumers()) === 1) {
      consumerGoneAt = Date.now();
    }
    if (notReadyAt === undefined) {
      try {
        const r = await request.get(
          `${REPLICA.b}/.backstage/health/v1/readiness`,
          { timeout: 1000 },
        );
        if (r.status() === 503) notReadyAt = Date.now();
      } catch {
        // closed already
      }
    }
    await sleep(50);
  }
  const exitedAt = Date.now();
  expect((await open).status()).toBe(200);
  expect(running(victim)).toBe(false);
  expect(notReadyAt, 'readiness answered 503 before the exit').toBeDefined();
  expect(exitedAt - termAt).toBeLessThan(30_000);
  // B's consumer left the queue (it takes nothing more) well before the exit.
  expect(consumerGoneAt, 'consumer cancelled before the exit').toBeDefined();
  expect(consumerGoneAt! - termAt).toBeLessThan(5_000);
  await publishing;
  await expectAllStoredOnce(request, prefix, service, n);
  figures.sigterm = {
    sent: n,
    ...stored(prefix),
    readinessFalseAfterMs: notReadyAt! - termAt,
    consumerGoneAfterMs: consumerGoneAt! - termAt,
    exitAfterMs: exitedAt - termAt,
  };
  const log = readFileSync(`${RUN_DIR}/replica-b.log`)
    .subarray(logFrom)
    .toString('utf8');
  expect(log).not.toMatch(/"level":"error"[^\n]*dead-letter/);
  // What the drain stored was announced too (the "N new" marker, the pulse):
  // the consumers drain before the plugins' shutdown hooks stop the events.
  expect(log).not.toContain('Could not signal new dead letters');
});

test('a global scheduled task runs once per period across the replicas', async () => {
  // The dead-letter search index runs every 3 s (app-config.replicas.yaml);
  // each run logs its start and end. Both replicas' logs, restarts included
  // (they append), over the whole spec.
  const PERIOD = 3_000;
  const runs = () =>
    (['a', 'b'] as const)
      .flatMap(name =>
        readFileSync(`${RUN_DIR}/replica-${name}.log`, 'utf8')
          .split('\n')
          .filter(line => line.includes('Collating documents for dead-letter'))
          .map(line => ({
            name,
            start: line.includes(' via '),
            at: Date.parse(JSON.parse(line).timestamp),
          })),
      )
      .sort((x, y) => x.at - y.at);
  await expect
    .poll(() => runs().filter(r => r.start).length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(6);
  const events = runs();
  const starts = events.filter(r => r.start);
  // Never two at once: every run ends before the next one starts.
  let open = 0;
  let overlaps = 0;
  for (const e of events) {
    open += e.start ? 1 : -1;
    if (open > 1) overlaps += 1;
    open = Math.max(open, 0);
  }
  expect(overlaps).toBe(0);
  // Each run moves the next slot on by a period, so over a span there are at
  // most span / period (+ a poll's delay) runs; run by both replicas it
  // would be about twice that.
  const span = starts[starts.length - 1].at - starts[0].at;
  expect(starts.length).toBeLessThanOrEqual(Math.floor(span / PERIOD) + 2);
  figures.scheduled = {
    runs: starts.length,
    spanMs: span,
    periodMs: PERIOD,
    byReplica: {
      a: starts.filter(r => r.name === 'a').length,
      b: starts.filter(r => r.name === 'b').length,
    },
  };
  // One row for the task in the search plugin's scheduler table.
  expect(
    sql(
      `select count(*) from search.backstage_backend_tasks__tasks where id = 'search_index_dead_letter'`,
    ),
  ).toBe('1');
});
