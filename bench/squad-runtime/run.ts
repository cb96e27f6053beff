/*
 * Benchmark of the squad page's Deployments (issue 21): the cost of
 * GET /squads/{namespace}/{name}/deployments for a squad of 50 services in
 * 3 clusters (dev, staging, prod).
 *
 * The real Kubernetes backend (@backstage/plugin-kubernetes-backend) and the
 * squad overview in a test backend; the three clusters are the fake
 * Kubernetes API of the e2e tests (e2e/support/fakeKubernetes.ts, a plain
 * http server on 127.0.0.1) with 3 pods per service and PodMetrics.
 *
 * Figures:
 * 1. requests to the Kubernetes API per page load (nothing cached), and the
 *    latency p50/p95 of uncached loads;
 * 2. latency of a reload within squadOverview.kubernetes.cacheSeconds;
 * 3. for comparison, the Kubernetes tab's way: one POST /services/:id to the
 *    Kubernetes backend per service (its fan-out over every object type).
 *
 *   source scripts/env.sh
 *   cd plugins/squad-overview-backend && yarn bench:runtime
 *
 * Env: BENCH_SERVICES (50), BENCH_SAMPLES (100), BENCH_PODS (3 per service).
 * Prints figures and writes bench/results/squad-runtime-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import { mockCredentials } from '@backstage/backend-test-utils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  component,
  startSquadBackend,
} from '../../plugins/squad-overview-backend/src/__testUtils__/backend';
import { startFakeKubernetes } from '../../e2e/support/fakeKubernetes';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 50);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const PODS = Number(process.env.BENCH_PODS ?? 3);
const CLUSTERS = ['dev', 'staging', 'prod'];

const names = Array.from({ length: SERVICES }, (_, i) => `svc-${i}`);

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
  };
}

async function main() {
  const fake = await startFakeKubernetes(0);
  for (const cluster of CLUSTERS) {
    for (const name of names) {
      fake.setWorkload(cluster, name, {
        replicas: PODS,
        namespace: `ns-${name}`,
        pods: Array.from({ length: PODS }, (_, i) => ({
          name: `${name}-7f9c-${i}`,
          cpu: '120m',
          memory: '100Mi',
        })),
      });
    }
  }
  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'squad-bench', namespace: 'default', title: 'Bench' },
      spec: { type: 'squad', children: [] },
    },
    ...names.map(name =>
      component(name, 'squad-bench', { 'backstage.io/kubernetes-id': name }),
    ),
  ];
  const kubernetes = {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: CLUSTERS.map(name => ({
          name,
          url: `${fake.url}/${name}`,
          authProvider: 'serviceAccount',
          serviceAccountToken: 'fake-token',
          skipMetricsLookup: false,
        })),
      },
    ],
  };

  async function withBackend<T>(
    cacheSeconds: number,
    fn: (call: (url: string, init?: RequestInit) => Promise<any>) => Promise<T>,
  ): Promise<T> {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const backend = await startSquadBackend({
      knex,
      entities,
      features: [kubernetesPlugin],
      config: {
        kubernetes,
        // The pod-activity task does not run in the test backend's scheduler
        // (it only runs when triggered), so it adds no requests here.
        squadOverview: { kubernetes: { cacheSeconds } },
      },
    });
    const base = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }`;
    try {
      return await fn(async (url, init) => {
        const res = await fetch(`${base}${url}`, {
          ...init,
          headers: {
            authorization: mockCredentials.user.header(),
            'content-type': 'application/json',
            ...(init?.headers ?? {}),
          },
        });
        const body = await res.json();
        if (!res.ok) {
          throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
        }
        return body;
      });
    } finally {
      await backend.stop();
      await knex.destroy();
    }
  }

  const page = '/api/squad-overview/squads/default/squad-bench/deployments';
  const timed = async (call: (u: string) => Promise<any>) => {
    const start = performance.now();
    const body = await call(page);
    return { ms: performance.now() - start, body };
  };

  // 1. Nothing cached: every load asks every cluster.
  const uncached = await withBackend(0.001, async call => {
    const first = await timed(call);
    const ok = first.body.services.every(
      (s: any) =>
        s.environments.length === CLUSTERS.length &&
        s.environments.every(
          (e: any) => e.status === 'running' && e.cpuPercent === 24,
        ),
    );
    if (first.body.services.length !== SERVICES || !ok) {
      throw new Error(`unexpected answer: ${JSON.stringify(first.body)}`);
    }
    fake.requests.reset();
    const ms: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      await new Promise(r => setTimeout(r, 2)); // past cacheSeconds
      ms.push((await timed(call)).ms);
    }
    return {
      coldMs: first.ms,
      ms,
      requestsPerLoad: fake.requests.total / SAMPLES,
      byPath: Object.fromEntries(
        [...fake.requests.byPath].map(([p, n]) => [p, n / SAMPLES]),
      ),
    };
  });

  // 2. Reloads within cacheSeconds.
  const cached = await withBackend(60, async call => {
    await timed(call);
    fake.requests.reset();
    const ms: number[] = [];
    for (let i = 0; i < SAMPLES; i++) ms.push((await timed(call)).ms);
    return { ms, requests: fake.requests.total };
  });

  // 3. The Kubernetes tab's way, one service at a time.
  const perService = await withBackend(0.001, async call => {
    fake.requests.reset();
    const start = performance.now();
    for (const name of names) {
      await call(`/api/kubernetes/services/${name}`, {
        method: 'POST',
        body: JSON.stringify({
          entity: entities.find(e => e.metadata.name === name),
        }),
      });
    }
    return { ms: performance.now() - start, requests: fake.requests.total };
  });

  const result = {
    benchmark: 'squad-runtime',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    setup: {
      services: SERVICES,
      clusters: CLUSTERS.length,
      podsPerService: PODS,
      samples: SAMPLES,
      kubernetesApi: 'e2e/support/fakeKubernetes.ts on 127.0.0.1',
    },
    uncached: {
      kubernetesRequestsPerPageLoad: uncached.requestsPerLoad,
      kubernetesRequestsByPath: uncached.byPath,
      firstLoadMs: Math.round(uncached.coldMs * 10) / 10,
      latencyMs: stats(uncached.ms),
    },
    cached: {
      kubernetesRequests: cached.requests,
      latencyMs: stats(cached.ms),
    },
    kubernetesTabPerService: {
      kubernetesRequests: perService.requests,
      totalMs: Math.round(perService.ms),
    },
  };
  const u = result.uncached;
  console.log(
    `Squad deployments benchmark: ${SERVICES} services x ${CLUSTERS.length} clusters, ${PODS} pods each (fake Kubernetes API)`,
  );
  console.log(
    `  GET deployments, nothing cached: ${u.kubernetesRequestsPerPageLoad} Kubernetes API requests per page load, p50 ${u.latencyMs.p50} ms  p95 ${u.latencyMs.p95} ms  (n=${u.latencyMs.n}; first load ${u.firstLoadMs} ms)`,
  );
  console.log(
    `  GET deployments, reload within cacheSeconds: ${result.cached.kubernetesRequests} requests, p50 ${result.cached.latencyMs.p50} ms  p95 ${result.cached.latencyMs.p95} ms`,
  );
  console.log(
    `  for comparison, POST /api/kubernetes/services/:id per service (the Kubernetes tab): ${result.kubernetesTabPerService.kubernetesRequests} requests, ${result.kubernetesTabPerService.totalMs} ms for all ${SERVICES}`,
  );
  const dir = path.resolve(__dirname, '../results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `squad-runtime-${result.at.replace(/:/g, '-')}.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`  written to ${path.relative(process.cwd(), file)}`);
  await fake.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
