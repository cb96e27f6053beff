/*
 * Benchmark: catalog processing of N components (default 5,000) with and
 * without the shuttle module, in the same run. Each round starts a fresh
 * catalog backend (SQLite in memory) that ingests a directory of
 * repositories (catalog-info.yaml + shuttle.yaml each) through one file
 * location, and times how long until every component is in the catalog
 * (and, with the module, enriched from its shuttle.yaml).
 *
 *   source scripts/env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/shuttle/run.ts
 *
 * Env: BENCH_COMPONENTS (5000), BENCH_ROUNDS (2: without/with alternate).
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
import catalogPlugin from '@backstage/plugin-catalog-backend';
import shuttleModule from '@internal/backstage-plugin-catalog-backend-module-shuttle';

const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 5000);
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
    // Like the real catalog: some catalog-info files say the owner, most don't
    const owner = i % 4 === 0 ? `\n  owner: squad-${squad}` : '';
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  description: Service ${i}\nspec:\n  type: service\n  lifecycle: production${
        owner || `\n  owner: squad-${squad}`
      }\n`,
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
  withModule: boolean,
  expectedResources: number,
) {
  const started = performance.now();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      ...(withModule ? [shuttleModule] : []),
      // Only warnings: info logs of 5,000 entities would be part of the timing
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Component', 'Resource', 'Group', 'Location'] }],
            locations: [
              { type: 'file', target: path.join(root, 'org.yaml') },
              {
                type: 'file',
                target: path.join(root, 'repos/*/catalog-info.yaml'),
              },
            ],
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const componentFilter = withModule
    ? 'filter=kind=component,metadata.annotations.lunar.app/shuttle-plan-kind'
    : 'filter=kind=component';
  let componentsAt = 0;
  let allAt = 0;
  let lastReport = 0;
  try {
    for (;;) {
      const elapsed = performance.now() - started;
      if (elapsed > TIMEOUT_MS)
        throw new Error(`timed out after ${elapsed} ms`);
      if (
        !componentsAt &&
        (await count(baseUrl, componentFilter)) >= COMPONENTS
      ) {
        componentsAt = performance.now() - started;
      }
      if (Math.floor(elapsed / 30_000) !== lastReport) {
        lastReport = Math.floor(elapsed / 30_000);
        console.log(
          `  ${withModule ? 'with' : 'without'} module, ${(elapsed / 1000).toFixed(0)} s: ${await count(baseUrl, componentFilter)} components done`,
        );
      }
      if (componentsAt) {
        const resources = await count(baseUrl, 'filter=kind=resource');
        if (resources >= 2 + (withModule ? expectedResources : 0)) {
          allAt = performance.now() - started;
          break;
        }
      }
      await new Promise(r => setTimeout(r, 200));
    }
  } finally {
    await backend.stop();
  }
  return {
    withModule,
    componentsMs: Math.round(componentsAt),
    allMs: Math.round(allAt),
  };
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
    // Alternate the order so warm-up does not favour one side
    for (const withModule of r % 2 === 0 ? [false, true] : [true, false]) {
      const res = await round(root, withModule, databases);
      results.push(res);
      console.log(
        `round ${r + 1} ${
          withModule ? 'with   ' : 'without'
        } module: ${COMPONENTS} components in ${(
          res.componentsMs / 1000
        ).toFixed(1)} s, everything (incl. ${
          withModule ? databases : 0
        } db resources) in ${(res.allMs / 1000).toFixed(1)} s`,
      );
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
  const without = results.filter(r => !r.withModule);
  const withM = results.filter(r => r.withModule);
  const summary = {
    benchmark:
      'catalog processing with and without catalog-backend-module-shuttle',
    components: COMPONENTS,
    databasesEmitted: databases,
    rounds: ROUNDS,
    database: 'SQLite in memory (better-sqlite3)',
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    startedAt: new Date().toISOString(),
    results,
    medianWithoutMs: median(without.map(r => r.componentsMs)),
    medianWithMs: median(withM.map(r => r.componentsMs)),
    ratioComponents: +(
      median(withM.map(r => r.componentsMs)) /
      median(without.map(r => r.componentsMs))
    ).toFixed(3),
    ratioEverything: +(
      median(withM.map(r => r.allMs)) / median(without.map(r => r.allMs))
    ).toFixed(3),
    target: 'module adds at most 15% (ratio <= 1.15)',
  };
  console.log(
    `\nmedian time to ${COMPONENTS} processed components: without ${(
      summary.medianWithoutMs / 1000
    ).toFixed(1)} s, with ${(summary.medianWithMs / 1000).toFixed(
      1,
    )} s, ratio ${summary.ratioComponents} (everything incl. db resources: ${
      summary.ratioEverything
    })`,
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
