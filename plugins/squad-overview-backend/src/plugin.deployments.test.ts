import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  component,
  entities,
  startSquadBackend,
} from './__testUtils__/backend';
import {
  deployment,
  FakeClusters,
  kubernetesConfig,
  pod,
  podMetrics,
} from './__testUtils__/kubernetesApi';
import { kubernetesBackend } from './__testUtils__/kubernetesBackend';

jest.setTimeout(60_000);

const clusters = new FakeClusters();
const kubernetesApi = setupServer(...clusters.handlers());
beforeAll(() => kubernetesApi.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => clusters.reset());
afterAll(() => kubernetesApi.close());

const ID = 'backstage.io/kubernetes-id';
// squad-gemini's components: three annotated, one not.
const squadEntities = [
  entities[0],
  component('payments', 'squad-gemini', { [ID]: 'payments' }),
  component('term-deposit', 'squad-gemini', { [ID]: 'term-deposit' }),
  component('ghost', 'squad-gemini', { [ID]: 'ghost' }),
  component('docs-site', 'squad-gemini'),
  component('ledger', 'squad-nasa', { [ID]: 'ledger' }),
];

describe('GET /squads/{namespace}/{name}/deployments', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start(config: JsonObject) {
    const knex = await databases.init('SQLITE_3');
    const squadOverview = (config.squadOverview ?? {}) as JsonObject;
    return startSquadBackend({
      knex,
      entities: squadEntities,
      features: [kubernetesBackend()],
      config: {
        ...config,
        // Only the timeout test races the clock: a cold first request
        // through the Kubernetes backend can take seconds under CI load.
        squadOverview: {
          ...squadOverview,
          kubernetes: {
            timeoutSeconds: 60,
            // A reload in the same test is within the cache window.
            cacheSeconds: 600,
            ...(squadOverview.kubernetes as JsonObject | undefined),
          },
        },
      },
    });
  }

  const get = (server: any) =>
    request(server)
      .get('/api/squad-overview/squads/default/squad-gemini/deployments')
      .set('Authorization', mockCredentials.user.header());

  const envOf = (body: any, service: string, cluster: string) =>
    body.services
      .find((s: any) => s.service === service)
      ?.environments.find((e: any) => e.cluster === cluster);

  it('without clusters says none is configured and how', async () => {
    const { server } = await start({ kubernetes: kubernetesConfig([]) });
    const res = await get(server);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      configured: false,
      howToConfigure: expect.stringContaining(
        'kubernetes.clusterLocatorMethods',
      ),
      clusters: [],
      services: [
        { service: 'docs-site', environments: [] },
        { service: 'ghost', kubernetesId: 'ghost', environments: [] },
        { service: 'payments', kubernetesId: 'payments', environments: [] },
        {
          service: 'term-deposit',
          kubernetesId: 'term-deposit',
          environments: [],
        },
      ],
      asOf: expect.any(String),
    });
    expect(res.body.howToConfigure).toContain('K8S_PROD_URL');
    expect(clusters.requests).toEqual([]);
  });

  it('shows each service per cluster: running, degraded, failing with the reason, not found, not annotated; CPU and memory of the requests', async () => {
    clusters.set('prod', {
      deployments: [deployment('payments', 3), deployment('term-deposit', 2)],
      pods: [
        pod('payments', { name: 'payments-1' }),
        pod('payments', { name: 'payments-2' }),
        pod('payments', { name: 'payments-3' }),
        pod('term-deposit', {
          name: 'term-deposit-7f9c-x2k1p',
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' },
          restartCount: 12,
        }),
        pod('term-deposit', { name: 'term-deposit-7f9c-abcde' }),
        pod('ledger', { name: 'ledger-1' }),
      ],
      metrics: [
        podMetrics('payments', 'payments-1', '250m', '128Mi'),
        podMetrics('payments', 'payments-2', '250m', '128Mi'),
        podMetrics('payments', 'payments-3', '250m', '128Mi'),
      ],
    });
    clusters.set('dev', {
      deployments: [deployment('payments', 2), deployment('term-deposit', 1)],
      pods: [
        pod('payments', { name: 'payments-d1' }),
        pod('payments', { name: 'payments-d2', phase: 'Pending' }),
        pod('term-deposit', {
          name: 'term-deposit-6b7f-abcde',
          phase: 'Pending',
          waiting: {
            reason: 'CreateContainerConfigError',
            message: 'secret "term-deposit-db" not found',
          },
        }),
      ],
      events: [
        {
          type: 'Warning',
          reason: 'FailedScheduling',
          message: '0/3 nodes are available: 3 Insufficient cpu.',
          involvedObject: {
            kind: 'Pod',
            name: 'payments-d2',
            namespace: 'default',
          },
        },
      ],
    });
    const { server } = await start({
      kubernetes: kubernetesConfig(['dev', 'prod']),
    });
    const res = await get(server);
    expect(res.status).toBe(200);
    expect(res.body.configured).toBe(true);
    expect(res.body.clusters).toEqual([
      { name: 'dev', ok: true },
      { name: 'prod', ok: true },
    ]);
    expect(envOf(res.body, 'payments', 'prod')).toEqual({
      cluster: 'prod',
      status: 'running',
      running: 3,
      desired: 3,
      cpuPercent: 50,
      memoryPercent: 50,
    });
    expect(envOf(res.body, 'term-deposit', 'prod')).toEqual({
      cluster: 'prod',
      status: 'failing',
      reason: 'CrashLoopBackOff (term-deposit-7f9c-x2k1p)',
      running: 1,
      desired: 2,
    });
    expect(envOf(res.body, 'payments', 'dev')).toEqual({
      cluster: 'dev',
      status: 'degraded',
      reason:
        '1/2 pods ready (FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.)',
      running: 1,
      desired: 2,
    });
    expect(envOf(res.body, 'term-deposit', 'dev')).toEqual({
      cluster: 'dev',
      status: 'failing',
      reason: 'CreateContainerConfigError: secret "term-deposit-db" not found',
      running: 0,
      desired: 1,
    });
    expect(envOf(res.body, 'ghost', 'prod')).toEqual({
      cluster: 'prod',
      status: 'not-found',
      reason: 'no deployment or pod with backstage.io/kubernetes-id=ghost',
      running: 0,
      desired: 0,
    });
    expect(
      res.body.services.find((s: any) => s.service === 'docs-site'),
    ).toEqual({ service: 'docs-site', environments: [] });
    // Another squad's service is not shown.
    expect(
      res.body.services.map((s: any) => s.service).includes('ledger'),
    ).toBe(false);

    // One list call per object type per cluster, for all services at once
    // (events only where a pod waits for no reason of its own).
    const selector = encodeURIComponent(
      'backstage.io/kubernetes-id in (ghost,payments,term-deposit)',
    );
    expect([...clusters.requests].sort()).toEqual(
      [
        `dev deployments?labelSelector=${selector}`,
        `dev events?fieldSelector=${encodeURIComponent(
          'type=Warning,involvedObject.kind=Pod',
        )}`,
        `dev metrics?labelSelector=${selector}`,
        `dev pods?labelSelector=${selector}`,
        `prod deployments?labelSelector=${selector}`,
        `prod metrics?labelSelector=${selector}`,
        `prod pods?labelSelector=${selector}`,
      ].sort(),
    );

    // A reload within cacheSeconds asks no cluster again.
    const again = await get(server);
    expect(again.body.services).toEqual(res.body.services);
    expect(clusters.requests).toHaveLength(7);
  });

  it('shows a cluster that refuses, fails or hangs as an error of that cluster only', async () => {
    clusters.set('dev', { pods: [], deployments: [], failure: 'unauthorized' });
    clusters.set('staging', { pods: [], deployments: [], failure: 'hang' });
    clusters.set('test', { pods: [], deployments: [], failure: 'error' });
    clusters.workload('prod', 'payments', 1, [{ name: 'payments-1' }]);
    const { server } = await start({
      kubernetes: kubernetesConfig(['dev', 'staging', 'test', 'gone', 'prod'], {
        // Nothing listens there: the proxy cannot connect.
        gone: 'http://127.0.0.1:9/gone',
      }),
      // The hanging cluster never answers; the others answer well within.
      squadOverview: { kubernetes: { timeoutSeconds: 5 } },
    });
    const res = await get(server);
    expect(res.status).toBe(200);
    expect(res.body.clusters).toEqual([
      { name: 'dev', ok: false, error: '401 Unauthorized' },
      { name: 'staging', ok: false, error: 'timed out after 5 s' },
      { name: 'test', ok: false, error: '500 Internal Server Error' },
      {
        name: 'gone',
        ok: false,
        error: expect.stringMatching(
          /^500 Internal Server Error: Cluster 'gone' request error.*ECONNREFUSED/,
        ),
      },
      { name: 'prod', ok: true },
    ]);
    expect(envOf(res.body, 'payments', 'dev')).toEqual({
      cluster: 'dev',
      status: 'cluster-error',
      reason: '401 Unauthorized',
      running: 0,
      desired: 0,
    });
    expect(envOf(res.body, 'payments', 'staging').reason).toBe(
      'timed out after 5 s',
    );
    expect(envOf(res.body, 'payments', 'prod')).toMatchObject({
      status: 'running',
      running: 1,
      desired: 1,
    });
  });

  it('counts pods with an unknown phase or no status as not running', async () => {
    clusters.set('prod', {
      deployments: [deployment('payments', 3)],
      pods: [
        pod('payments', { name: 'payments-1' }),
        pod('payments', { name: 'payments-2', phase: 'Exploding' }),
        pod('payments', { name: 'payments-3', noStatus: true }),
        { metadata: { labels: { [ID]: 'payments' } } },
      ],
    });
    const { server } = await start({ kubernetes: kubernetesConfig(['prod']) });
    const res = await get(server);
    expect(res.status).toBe(200);
    expect(envOf(res.body, 'payments', 'prod')).toEqual({
      cluster: 'prod',
      status: 'degraded',
      reason: '1/3 pods ready',
      running: 1,
      desired: 3,
    });
  });

  it('reads 5,000 pods of one namespace in one request per object type', async () => {
    const pods = Array.from({ length: 5000 }, (_, i) =>
      pod(i % 2 ? 'payments' : 'term-deposit', {
        name: `pod-${i}`,
        namespace: 'big',
        ...(i === 4999 ? { waiting: { reason: 'ImagePullBackOff' } } : {}),
      }),
    );
    clusters.set('prod', {
      pods,
      deployments: [
        deployment('payments', 2500),
        deployment('term-deposit', 2500),
      ],
    });
    const { server } = await start({ kubernetes: kubernetesConfig(['prod']) });
    const res = await get(server);
    expect(res.status).toBe(200);
    expect(envOf(res.body, 'term-deposit', 'prod')).toMatchObject({
      status: 'running',
      running: 2500,
      desired: 2500,
    });
    expect(envOf(res.body, 'payments', 'prod')).toMatchObject({
      status: 'failing',
      reason: 'ImagePullBackOff (pod-4999)',
      running: 2499,
      desired: 2500,
    });
    expect(clusters.requests).toHaveLength(3);
  });

  it('reads the clusters again for a reload with since, also within cacheSeconds, and refuses a since that is not a date-time', async () => {
    clusters.set('prod', {
      deployments: [deployment('term-deposit', 1)],
      pods: [pod('term-deposit', { name: 'term-deposit-1' })],
    });
    const { server } = await start({ kubernetes: kubernetesConfig(['prod']) });
    const first = await get(server);
    expect(envOf(first.body, 'term-deposit', 'prod')).toMatchObject({
      status: 'running',
    });
    const readsBefore = clusters.requests.length;

    // The pod goes into a crash loop; the poller's pulse entry is at `since`.
    clusters.set('prod', {
      deployments: [deployment('term-deposit', 1)],
      pods: [
        pod('term-deposit', {
          name: 'term-deposit-1',
          waiting: { reason: 'CrashLoopBackOff' },
        }),
      ],
    });
    const since = new Date().toISOString();
    // A plain reload within cacheSeconds still answers from the kept read.
    expect(
      envOf((await get(server)).body, 'term-deposit', 'prod'),
    ).toMatchObject({ status: 'running' });
    const fresh = await get(server).query({ since });
    expect(fresh.status).toBe(200);
    expect(envOf(fresh.body, 'term-deposit', 'prod')).toMatchObject({
      status: 'failing',
      reason: 'CrashLoopBackOff (term-deposit-1)',
    });
    expect(clusters.requests.length).toBeGreaterThan(readsBefore);
    // That read is the kept one now.
    expect(
      envOf((await get(server)).body, 'term-deposit', 'prod'),
    ).toMatchObject({ status: 'failing' });

    const bad = await get(server).query({ since: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/since/);
  });
});
