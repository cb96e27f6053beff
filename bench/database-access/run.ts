/*
 * Benchmark of database-access revoke on time (issue 15).
 *
 * 1,000 active grants (real login roles on the local PostgreSQL, each with
 * SELECT on a table of one database) all end at the same instant. The revoke
 * task runs as the plugin schedules it (every revokeIntervalSeconds, default
 * 15 s, with the worst phase: the first run starts just before the end), and
 * we measure when each grant's role was dropped.
 *
 *   source scripts/env.sh
 *   cd plugins/database-access-backend && yarn bench
 *
 * Env: BENCH_GRANTS (1000), BENCH_INTERVAL_SECONDS (15), BENCH_PG_HOST
 * (127.0.0.1), BENCH_PG_PORT (5432).
 * Prints figures and writes bench/results/database-access-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  applyMigrations,
  AuditTrail,
  DatabaseAccessStore,
  DirectGranter,
  GrantLifecycle,
  Notifier,
  StoredRequest,
} from '@internal/backstage-plugin-database-access-backend';

const GRANTS = Number(process.env.BENCH_GRANTS ?? 1000);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_SECONDS ?? 15);
const admin = {
  host: process.env.BENCH_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_PG_PORT ?? 5432),
  user: 'postgres',
  database: 'postgres',
};
const STORE_DB = 'bench_database_access';
const TARGET_DB = 'bench_database_access_target';
const PREFIX = 'bench_access_';

const pg = (database: string): Knex =>
  knexFactory({
    client: 'pg',
    connection: { ...admin, database },
    pool: { min: 0, max: 8 },
  });

async function inParallel<T>(
  items: T[],
  limit: number,
  fn: (t: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const server = pg('postgres');
  for (const db of [STORE_DB, TARGET_DB]) {
    await server.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [db]);
    await server.raw('CREATE DATABASE ??', [db]);
  }
  const target = pg(TARGET_DB);
  await target.raw(
    "CREATE TABLE accounts (id serial PRIMARY KEY, owner text); INSERT INTO accounts (owner) VALUES ('ada')",
  );
  const knex = pg(STORE_DB);
  await applyMigrations(knex);
  const store = new DatabaseAccessStore(knex);
  const logger = mockServices.rootLogger({ level: 'warn' });
  const auditor = {
    createEvent: async () => ({
      success: async () => {},
      fail: async () => {},
    }),
  };
  const granter = new DirectGranter({ environment: 'local', admin, logger });
  const settings = {
    environments: [],
    rolePrefix: PREFIX,
    approvalTimeoutMinutes: 60,
    revokeIntervalSeconds: INTERVAL_S,
  };
  const lifecycle = new GrantLifecycle({
    settings,
    store,
    granters: new Map([['local', granter]]),
    audit: new AuditTrail({ store, auditor, logger }),
    notifier: new Notifier({ logger }),
    logger,
  });
  // Roles of an earlier, interrupted run.
  for (const role of await granter.listRoles(PREFIX))
    await granter.dropRole(role);

  console.log(
    `granting ${GRANTS} real roles on ${admin.host}:${admin.port} ...`,
  );
  const grantStart = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < GRANTS; i++) {
    const id = `${randomBytes(4).toString('hex')}-${String(i).padStart(
      4,
      '0',
    )}-4000-8000-${randomBytes(6).toString('hex')}`;
    ids.push(id);
    const now = new Date();
    const request: StoredRequest = {
      id,
      databaseRef: 'resource:default/bench-db',
      databaseName: TARGET_DB,
      ownerRef: 'group:default/squad-gemini',
      environment: 'local',
      level: 'read',
      reason: 'benchmark of revoke on time',
      durationMinutes: 60,
      requester: `user:default/bench-${i}`,
      status: 'pending',
      approvalsRequired: 1,
      decidedBy: null,
      decisionReason: null,
      error: null,
      createdAt: now,
      approveBy: new Date(now.getTime() + 3600_000),
    };
    await store.insertRequest(request);
  }
  await inParallel(ids, 8, async id => {
    const request = (await store.getRequest(id))!;
    await lifecycle.grant(request, 'user:default/approver');
  });
  const grantSeconds = (Date.now() - grantStart) / 1000;
  const active = await knex('database_access_grants')
    .where('state', 'active')
    .count({ n: '*' });
  const roles = (await granter.listRoles(PREFIX)).length;
  console.log(
    `granted ${
      active[0].n
    } (roles on the server: ${roles}) in ${grantSeconds.toFixed(1)} s`,
  );

  // All end at the same instant, a few seconds from now.
  const end = new Date(Date.now() + 3000);
  await knex('database_access_grants').update({ valid_until: end });

  // The scheduler's worst phase: a run just before the end finds nothing,
  // the next one comes a whole interval later.
  const runs: Array<{ at: number; revoked: number; seconds: number }> = [];
  const runOnce = async () => {
    const at = Date.now();
    const revoked = await lifecycle.revokeDue();
    runs.push({
      at: (at - end.getTime()) / 1000,
      revoked,
      seconds: (Date.now() - at) / 1000,
    });
  };
  await new Promise(r =>
    setTimeout(r, Math.max(0, end.getTime() - Date.now() - 500)),
  );
  for (;;) {
    await runOnce();
    const left = await knex('database_access_grants')
      .whereNot('state', 'ended')
      .count({ n: '*' });
    if (Number(left[0].n) === 0) break;
    await new Promise(r => setTimeout(r, INTERVAL_S * 1000));
  }

  const ended = await knex('database_access_grants').select('ended_at');
  const lateness = ended
    .map(r => new Date(r.ended_at).getTime() - end.getTime())
    .sort((a, b) => a - b);
  const rolesLeft = (await granter.listRoles(PREFIX)).length;
  const result = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} cpus, ${os.cpus()[0]?.model}`,
    grants: GRANTS,
    revokeIntervalSeconds: INTERVAL_S,
    grantSeconds,
    runs,
    endToLastRevokeSeconds: lateness[lateness.length - 1] / 1000,
    endToFirstRevokeSeconds: lateness[0] / 1000,
    p50Seconds: pct(lateness, 50) / 1000,
    p95Seconds: pct(lateness, 95) / 1000,
    rolesLeftOnServer: rolesLeft,
  };
  console.log(
    `revoke runs (seconds after the end, revoked, duration): ${runs
      .map(r => `${r.at.toFixed(1)}s/${r.revoked}/${r.seconds.toFixed(1)}s`)
      .join(', ')}`,
  );
  console.log(
    `end -> last revoke: ${result.endToLastRevokeSeconds.toFixed(
      1,
    )} s (first ${result.endToFirstRevokeSeconds.toFixed(
      1,
    )} s, p50 ${result.p50Seconds.toFixed(
      1,
    )} s, p95 ${result.p95Seconds.toFixed(
      1,
    )} s); roles left on the server: ${rolesLeft}`,
  );
  const dir = path.resolve(__dirname, '../results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `database-access-${result.at.replace(/:/g, '-')}.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), file)}`);

  await granter.close();
  await Promise.all([knex.destroy(), target.destroy()]);
  for (const db of [STORE_DB, TARGET_DB]) {
    await server.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [db]);
  }
  await server.destroy();
  if (rolesLeft > 0 || result.endToLastRevokeSeconds > 60) {
    process.exitCode = 1;
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
