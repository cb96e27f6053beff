/*
 * Benchmark of the squad overview backend (issue 13).
 *
 * A squad with 60 services (each with a repository) and 20,000 pulse entries
 * on PostgreSQL (database bench_squad_overview), the plugin in a test backend
 * with the real events backend and its GitHub module. The dead-letter and
 * release-status APIs are stand-ins served by the same backend (60 services
 * each, so the overview makes its real HTTP calls); GitHub is not configured.
 *
 * 1. API: p50/p95/p99 of GET /services, GET /pulse (first page and a page
 *    100 entries back) and GET /pull-requests for the squad.
 * 2. Webhook to signal: a signed pull_request webhook POSTed to
 *    /api/events/http/github until its pulse entry is published as a
 *    signal (the signals backend then pushes it to open pages).
 *
 *   source scripts/env.sh
 *   cd plugins/squad-overview-backend && yarn bench
 *
 * Env: BENCH_SERVICES (60), BENCH_ENTRIES (20000), BENCH_SAMPLES (200),
 * BENCH_WEBHOOKS (100), BENCH_PG (postgresql://postgres@127.0.0.1:5432).
 * Prints figures and writes bench/results/squad-overview-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import express from 'express';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  component,
  pullRequestOpened,
  startSquadBackend,
  webhook,
} from '../../plugins/squad-overview-backend/src/__testUtils__/backend';
import { applyMigrations } from '../../plugins/squad-overview-backend/src/database/KnexPulseStore';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 60);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 20000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 100);
const PG = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DB = 'bench_squad_overview';
const SQUAD = 'group:default/squad-bench';

const names = Array.from({ length: SERVICES }, (_, i) => `svc-${i}`);

/** Stand-ins for the dead-letter and release-status HTTP APIs. */
function standIn(pluginId: string, routes: (r: express.Router) => void) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { http: coreServices.httpRouter },
        async init({ http }) {
          const router = express.Router();
          routes(router);
          http.use(router);
        },
      });
    },
  });
}

const deadLetter = standIn('dead-letter', r => {
  r.get('/environments', (_q, s) => {
    s.json({
      environments: ['dev', 'staging', 'prod'].map(name => ({ name })),
    });
  });
  r.get('/dead-letters/service-overview', (q, s) => {
    s.json({
      environment: q.query.environment,
      items: names.map((service, i) => ({
        service,
        count: i,
        lastReceivedAt: null,
      })),
    });
  });
});

const releaseStatus = standIn('release-status', r => {
  r.get('/squads/:squad/drift', (q, s) => {
    s.json({
      squad: q.params.squad,
      environments: ['dev', 'staging', 'prod'],
      services: names.map(service => ({
        service,
        entityRef: `component:default/${service}`,
        hasReleases: true,
        drifting: true,
        environments: [],
        pairs: [
          {
            environment: 'prod',
            aheadEnvironment: 'dev',
            artifactId: 'master-abc-1',
            aheadArtifactId: 'master-def-2',
            behindSince: '2026-11-28T10:00:00.000Z',
            ageMs: 1,
            commitsAvailable: false,
          },
        ],
      })),
    });
  });
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function stats(values: number[]) {
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    n: values.length,
    p50: r(percentile(values, 50)),
    p95: r(percentile(values, 95)),
    p99: r(percentile(values, 99)),
  };
}

async function main() {
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  await admin.raw(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.raw(`CREATE DATABASE ${DB}`);
  await admin.destroy();
  const knex = knexFactory({
    client: 'pg',
    connection: `${PG}/${DB}`,
    pool: { min: 0, max: 10 },
  });
  await applyMigrations(knex);

  // 20,000 entries over the last 30 days, spread over the squad's services.
  const now = Date.now();
  const kinds = [
    'pr-opened',
    'pr-approved',
    'pr-merged',
    'build-succeeded',
    'released',
  ];
  const rows = Array.from({ length: ENTRIES }, (_, i) => ({
    source_id: `bench:${i}`,
    squad: SQUAD,
    service: names[i % SERVICES],
    kind: kinds[i % kinds.length],
    summary: `Bench entry ${i}`,
    actor: 'bench',
    url: null,
    at: now - Math.floor((i / ENTRIES) * 29 * 86_400_000),
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await knex.batchInsert(
      'squad_overview_pulse',
      rows.slice(i, i + 1000),
      1000,
    );
  }
  await knex.raw('ANALYZE squad_overview_pulse');

  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'squad-bench', namespace: 'default', title: 'Bench' },
      spec: { type: 'squad', children: [] },
    },
    ...names.map(name =>
      component(name, 'squad-bench', {
        'github.com/project-slug': `lunarway/${name}`,
      }),
    ),
  ];
  const backend = await startSquadBackend({
    knex,
    entities,
    features: [deadLetter, releaseStatus],
  });
  const port = (backend.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const auth = { authorization: mockCredentials.user.header() };

  async function timed(url: string): Promise<{ ms: number; body: any }> {
    const start = performance.now();
    const res = await fetch(`${base}${url}`, { headers: auth });
    const body = await res.json();
    const ms = performance.now() - start;
    if (!res.ok)
      throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    return { ms, body };
  }

  const squadPath = '/api/squad-overview/squads/default/squad-bench';
  const first = await timed(`${squadPath}/services`);
  if (first.body.items.length !== SERVICES) {
    throw new Error(
      `expected ${SERVICES} services, got ${first.body.items.length}`,
    );
  }
  let cursor: string | undefined;
  for (let i = 0; i < 2; i++) {
    cursor = (
      await timed(
        `${squadPath}/pulse?limit=50${cursor ? `&before=${cursor}` : ''}`,
      )
    ).body.nextCursor;
  }
  const deepCursor = cursor!;

  const api: Record<string, number[]> = {
    services: [],
    pulseFirstPage: [],
    pulseDeepPage: [],
    pullRequests: [],
  };
  for (let i = 0; i < SAMPLES; i++) {
    api.services.push((await timed(`${squadPath}/services`)).ms);
    api.pulseFirstPage.push((await timed(`${squadPath}/pulse?limit=50`)).ms);
    api.pulseDeepPage.push(
      (await timed(`${squadPath}/pulse?limit=50&before=${deepCursor}`)).ms,
    );
    api.pullRequests.push((await timed(`${squadPath}/pull-requests`)).ms);
  }

  // Webhook received -> pulse entry published as a signal.
  const published = new Map<string, number>();
  const push = backend.sent.signals.push.bind(backend.sent.signals);
  backend.sent.signals.push = (...items: any[]) => {
    for (const s of items)
      published.set(s.message.entry.url, performance.now());
    return push(...items);
  };
  const latency: number[] = [];
  for (let i = 0; i < WEBHOOKS; i++) {
    const repo = `lunarway/${names[i % SERVICES]}`;
    const hook = webhook('pull_request', pullRequestOpened(repo, 10_000 + i));
    const url = `https://github.com/${repo}/pull/${10_000 + i}`;
    const start = performance.now();
    const res = await fetch(`${base}/api/events/http/github`, {
      method: 'POST',
      headers: hook.headers,
      body: hook.body,
    });
    if (res.status !== 202) throw new Error(`webhook: ${res.status}`);
    while (!published.has(url)) {
      if (performance.now() - start > 10_000) throw new Error('no signal');
      await new Promise(r => setImmediate(r));
    }
    latency.push(published.get(url)! - start);
  }

  const result = {
    benchmark: 'squad-overview',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    setup: {
      services: SERVICES,
      pulseEntries: ENTRIES,
      samples: SAMPLES,
      database: 'PostgreSQL',
    },
    // The first call: nothing cached (dead-letter and release-status answers
    // are reused for 5 s, GitHub's until the scheduled refresh).
    servicesColdMs: Math.round(first.ms * 10) / 10,
    apiMs: Object.fromEntries(
      Object.entries(api).map(([k, v]) => [k, stats(v)]),
    ),
    webhookToSignalMs: stats(latency),
    targets: { apiP95Ms: 100, webhookToSignalMedianMs: 2000 },
  };
  console.log(
    `Squad overview benchmark: ${SERVICES} services, ${ENTRIES} pulse entries (PostgreSQL)`,
  );
  for (const [k, v] of Object.entries(result.apiMs)) {
    console.log(
      `  GET ${k.padEnd(15)} p50 ${v.p50} ms  p95 ${v.p95} ms  p99 ${
        v.p99
      } ms  (n=${v.n})`,
    );
  }
  console.log(
    `  GET services, first call (nothing cached): ${result.servicesColdMs} ms`,
  );
  const w = result.webhookToSignalMs;
  console.log(
    `  webhook -> signal  median ${w.p50} ms  p95 ${w.p95} ms  (n=${w.n})`,
  );
  const dir = path.resolve(__dirname, '../results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `squad-overview-${result.at.replace(/:/g, '-')}.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`  written to ${path.relative(process.cwd(), file)}`);
  await backend.stop();
  await knex.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
