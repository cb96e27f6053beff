/*
 * Benchmark: catalog processing of N components (default 5,000) with and
 * without the shuttle module, in the same run. Each round starts a fresh
 * catalog backend (SQLite in memory) that ingests a directory of
 * repositories (catalog-info.yaml + shuttle.yaml each) through one file
 * location, and times how long until every component is in the catalog
 * (and, with the module, enriched from its shuttle.yaml).
 *
 * Three variants per round, order rotated between rounds:
 *   without     the repositories, no module (the catalog ignores shuttle.yaml)
 *   with        the same repositories, with the module
 *   equivalent  no module, but catalog-info.yaml already holds what the
 *               module would add (made by the module's own enrichEntity):
 *               the cost of the extra data itself (annotations, relations to
 *               the shared rabbitmq/ingress, 1 db Resource per 3 services),
 *               so with/equivalent is the module's own overhead.
 *   with-noshared  (opt-in) the module with shuttle.resources.rabbitmq and
 *               ingress set to false: no relations to the shared resources.
 *   with-noemit (opt-in) the module with shuttle.emitDatabases: false: the
 *               db relations are made but no database Resources emitted.
 *
 *   source scripts/env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/shuttle/run.ts
 *
 * Env: BENCH_COMPONENTS (5000), BENCH_ROUNDS (2), BENCH_VARIANTS
 * (without,with,equivalent), BENCH_DATABASE (sqlite | postgres),
 * BENCH_PG_CONNECTION (postgresql://postgres@127.0.0.1:5432).
 * Prints a table and writes bench/results/shuttle-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import shuttleModule, {
  DEFAULT_OPTIONS,
  enrichEntity,
  parseShuttleYaml,
} from '@internal/backstage-plugin-catalog-backend-module-shuttle';
import knexFactory from 'knex';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

type Variant =
  | 'without'
  | 'with'
  | 'equivalent'
  | 'with-noshared'
  | 'with-noemit';
const VARIANTS = (
  process.env.BENCH_VARIANTS ?? 'without,with,equivalent'
).split(',') as Variant[];

const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 5000);
// sqlite (in memory, the default) or postgres (127.0.0.1:5432, a database per
// round, dropped afterwards)
const DATABASE = process.env.BENCH_DATABASE ?? 'sqlite';
const PG_CONNECTION =
  process.env.BENCH_PG_CONNECTION ?? 'postgresql://postgres@127.0.0.1:5432';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const TIMEOUT_MS = 20 * 60_000;
const SQUADS = [
  'nasa',
  'gemini',
  'mercury',
  'artemis',
  'orion',
  'apollo',
  'voyager',
  'pioneer',
  'hubble',
  'kepler',
  'cassini',
  'juno',
];

function generate(root: string) {
  fs.mkdirSync(root, { recursive: true });
  const docs = SQUADS.map(
    s =>
      `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: squad-${s}}\nspec: {type: team, children: []}\n`,
  );
  docs.push(
    'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: rabbitmq}\nspec: {type: message-broker, owner: squad-voyager}\n',
    'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: ingress}\nspec: {type: ingress, owner: squad-apollo}\n',
  );
  fs.writeFileSync(path.join(root, 'org.yaml'), docs.join('---\n'));
  let databases = 0;
  for (let i = 0; i < COMPONENTS; i++) {
    const name = `svc-${String(i).padStart(5, '0')}`;
    const dir = path.join(root, 'repos', name);
    fs.mkdirSync(dir, { recursive: true });
    const squad = SQUADS[i % SQUADS.length];
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  description: Service ${i}\nspec:\n  type: service\n  lifecycle: production\n  owner: squad-${squad}\n`,
    );
    const db = i % 3 === 0;
    if (db) databases++;
    const plan =
      i % 10 === 0
        ? 'false'
        : i % 10 === 1
        ? '../lw-shuttle-go-plan'
        : `git://git@github.com:lunarway/lw-shuttle-go-plan.git${
            i % 2 ? '#v3' : ''
          }`;
    fs.writeFileSync(
      path.join(dir, 'shuttle.yaml'),
      `plan: ${plan}\nvars:\n  service: ${name}\n  squad: ${squad}\n  domain: d${
        i % 7
      }\n  docker:\n    baseImage: golang:1.22\n  k8s:\n    namespace: ns-${
        i % 9
      }\n${db ? '  db: true\n' : ''}${i % 2 ? '  rabbitmq: true\n' : ''}${
        i % 4 === 1 ? '  ingress: true\n' : ''
      }scripts:\n  test:\n    actions:\n      - shell: go test ./...\n`,
    );
    // The equivalent repository: what the module would produce, written out
    const eqDir = path.join(root, 'equivalent', name);
    fs.mkdirSync(eqDir, { recursive: true });
    const shuttlePath = path.join(dir, 'shuttle.yaml');
    const result = enrichEntity(
      parseYaml(fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8')),
      parseShuttleYaml(fs.readFileSync(shuttlePath), {
        maxFileBytes: DEFAULT_OPTIONS.maxFileBytes,
      }),
      shuttlePath,
      DEFAULT_OPTIONS,
    );
    fs.writeFileSync(
      path.join(eqDir, 'catalog-info.yaml'),
      [result.entity, ...result.resources]
        .map(e => stringifyYaml(e))
        .join('---\n'),
    );
  }
  return { databases };
}

async function count(baseUrl: string, filter: string): Promise<number> {
  const res = await fetch(
    `${baseUrl}/api/catalog/entities/by-query?limit=1&${filter}`,
    { headers: { Authorization: mockCredentials.user.header() } },
  );
  if (!res.ok) return -1;
  const body = (await res.json()) as { totalItems: number };
  return body.totalItems;
}

async function round(
  root: string,
  variant: Variant,
  databases: number,
  index: number,
) {
  const withModule = variant.startsWith('with-') || variant === 'with';
  const dir = variant === 'equivalent' ? 'equivalent' : 'repos';
  const pgPrefix = `shuttle_bench_${process.pid}_${index}_`;
  const started = performance.now();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      ...(DATABASE === 'postgres' ? [databaseServiceFactory] : []),
      ...(withModule ? [shuttleModule] : []),
      // Only warnings: info logs of 5,000 entities would be part of the timing
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          ...(DATABASE === 'postgres'
            ? {
                backend: {
                  database: {
                    client: 'pg',
                    connection: PG_CONNECTION,
                    prefix: pgPrefix,
                  },
                },
              }
            : {}),
          ...(variant === 'with-noshared'
            ? { shuttle: { resources: { rabbitmq: false, ingress: false } } }
            : {}),
          ...(variant === 'with-noemit'
            ? { shuttle: { emitDatabases: false } }
            : {}),
          catalog: {
            rules: [{ allow: ['Component', 'Resource', 'Group', 'Location'] }],
            locations: [
              { type: 'file', target: path.join(root, 'org.yaml') },
              {
                type: 'file',
                target: path.join(root, dir, '*/catalog-info.yaml'),
              },
            ],
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const componentFilter =
    variant === 'without'
      ? 'filter=kind=component'
      : 'filter=kind=component,metadata.annotations.lunar.app/shuttle-plan-kind';
  const expectedResources =
    2 + (variant === 'without' || variant === 'with-noemit' ? 0 : databases);
  let componentsAt = 0;
  let allAt = 0;
  let lastReport = 0;
  try {
    for (;;) {
      const elapsed = performance.now() - started;
      if (elapsed > TIMEOUT_MS) {
        throw new Error(`timed out after ${elapsed} ms`);
      }
      if (Math.floor(elapsed / 30_000) !== lastReport) {
        lastReport = Math.floor(elapsed / 30_000);
        console.log(
          `  ${variant}, ${(elapsed / 1000).toFixed(0)} s: ${await count(
            baseUrl,
            componentFilter,
          )} components done`,
        );
      }
      if (
        !componentsAt &&
        (await count(baseUrl, componentFilter)) >= COMPONENTS
      ) {
        componentsAt = performance.now() - started;
      }
      if (
        componentsAt &&
        (await count(baseUrl, 'filter=kind=resource')) >= expectedResources
      ) {
        allAt = performance.now() - started;
        break;
      }
      await new Promise(r => setTimeout(r, 200));
    }
  } finally {
    await backend.stop();
    if (DATABASE === 'postgres') {
      roundDatabases.push(`${pgPrefix}catalog`);
    }
  }
  return {
    variant,
    componentsMs: Math.round(componentsAt),
    allMs: Math.round(allAt),
  };
}

const roundDatabases: string[] = [];

async function dropDatabase(name: string) {
  const knex = knexFactory({ client: 'pg', connection: PG_CONNECTION });
  try {
    await knex.raw(`DROP DATABASE IF EXISTS ?? WITH (FORCE)`, [name]);
  } finally {
    await knex.destroy();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shuttle-bench-'));
  const { databases } = generate(root);
  console.log(
    `Generated ${COMPONENTS} repositories (${databases} with db: true) in ${root}`,
  );
  const results: Awaited<ReturnType<typeof round>>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the order so warm-up and background load do not favour one variant
    const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]);
    for (const variant of order) {
      const res = await round(root, variant, databases, results.length);
      results.push(res);
      console.log(
        `round ${r + 1} ${variant.padEnd(10)}: ${COMPONENTS} components in ${(
          res.componentsMs / 1000
        ).toFixed(1)} s, everything (incl. ${
          variant === 'without' || variant === 'with-noemit' ? 0 : databases
        } db resources) in ${(res.allMs / 1000).toFixed(1)} s`,
      );
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
  for (const name of roundDatabases) {
    await dropDatabase(name);
  }
  const med = (variant: Variant, key: 'componentsMs' | 'allMs') =>
    median(results.filter(r => r.variant === variant).map(r => r[key]));
  const ratio = (a: Variant, b: Variant, key: 'componentsMs' | 'allMs') =>
    VARIANTS.includes(a) && VARIANTS.includes(b)
      ? +(med(a, key) / med(b, key)).toFixed(3)
      : undefined;
  const summary = {
    benchmark:
      'catalog processing with and without catalog-backend-module-shuttle',
    command:
      'node --require @backstage/cli/config/nodeTransform.cjs bench/shuttle/run.ts',
    components: COMPONENTS,
    databasesEmitted: databases,
    rounds: ROUNDS,
    variants: VARIANTS,
    database:
      DATABASE === 'postgres'
        ? `PostgreSQL (${PG_CONNECTION}, a database per round)`
        : 'SQLite in memory (better-sqlite3)',
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageAtEnd: os.loadavg(),
    finishedAt: new Date().toISOString(),
    results,
    medianComponentsMs: Object.fromEntries(
      VARIANTS.map(v => [v, med(v, 'componentsMs')]),
    ),
    medianEverythingMs: Object.fromEntries(
      VARIANTS.map(v => [v, med(v, 'allMs')]),
    ),
    ratioWithToWithout: ratio('with', 'without', 'componentsMs'),
    ratioWithToWithoutEverything: ratio('with', 'without', 'allMs'),
    ratioWithToEquivalent: ratio('with', 'equivalent', 'componentsMs'),
    ratioNoEmitToWithout: ratio('with-noemit', 'without', 'componentsMs'),
    ratioWithToEquivalentEverything: ratio('with', 'equivalent', 'allMs'),
    target: 'module adds at most 15% (ratio <= 1.15)',
  };
  console.log('');
  for (const v of VARIANTS) {
    console.log(
      `median ${v.padEnd(10)}: ${COMPONENTS} components ${(
        med(v, 'componentsMs') / 1000
      ).toFixed(1)} s, everything ${(med(v, 'allMs') / 1000).toFixed(1)} s`,
    );
  }
  console.log(
    `ratio with/without: ${summary.ratioWithToWithout} (everything ${summary.ratioWithToWithoutEverything}); with/equivalent: ${summary.ratioWithToEquivalent} (everything ${summary.ratioWithToEquivalentEverything}); with-noemit/without: ${summary.ratioNoEmitToWithout}`,
  );
  const out = path.resolve(
    __dirname,
    '../results',
    `shuttle-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
