import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  component,
  entities,
  SQUAD,
  startSquadBackend,
} from './__testUtils__/backend';
import { FakeClusters, kubernetesConfig } from './__testUtils__/kubernetesApi';
import { kubernetesBackend } from './__testUtils__/kubernetesBackend';

jest.setTimeout(60_000);

const clusters = new FakeClusters();
const kubernetesApi = setupServer(...clusters.handlers());
beforeAll(() => kubernetesApi.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => clusters.reset());
afterAll(() => kubernetesApi.close());

const ID = 'backstage.io/kubernetes-id';
const TASK = 'squad-overview-kubernetes-pods';

describe('pod activity in the pulse', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start() {
    const knex = await databases.init('SQLITE_3');
    const backend = await startSquadBackend({
      knex,
      entities: [
        entities[0],
        component('authentication', 'squad-gemini', { [ID]: 'authentication' }),
        component('user', 'squad-gemini', { [ID]: 'user' }),
        component('product', 'squad-gemini', { [ID]: 'product' }),
      ],
      features: [kubernetesBackend()],
      config: {
        kubernetes: kubernetesConfig(['dev', 'prod']),
        // Not a timeout test: a cold first read can take seconds under load.
        squadOverview: { kubernetes: { timeoutSeconds: 60 } },
      },
    });
    return { ...backend, knex, poll: () => backend.runTask(TASK) };
  }

  async function pulse(server: any) {
    const res = await request(server)
      .get('/api/squad-overview/squads/default/squad-gemini/pulse')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return (res.body.items as any[])
      .map(i => ({
        kind: i.kind,
        service: i.service,
        summary: i.summary,
        url: i.url,
      }))
      .reverse();
  }

  const healthy = (cluster: string) => {
    clusters.workload(cluster, 'authentication', 3, [
      { name: 'authentication-77884cbcc9-c7lp4' },
      { name: 'authentication-77884cbcc9-h2x9q' },
      { name: 'authentication-77884cbcc9-m0k3z' },
    ]);
    clusters.workload(cluster, 'user', 1, [{ name: 'user-5d9c-x2k1p' }]);
    clusters.workload(cluster, 'product', 1, [{ name: 'product-6b7f-abcde' }]);
  };

  it('records each transition once across polls, worded like the mock-up, with a link to the Kubernetes tab', async () => {
    const { server, poll, sent } = await start();
    healthy('prod');
    healthy('dev');
    await poll(); // the first poll learns the states
    expect(await pulse(server)).toEqual([]);

    clusters.workload('prod', 'authentication', 3, [
      {
        name: 'authentication-77884cbcc9-c7lp4',
        lastTerminated: 'OOMKilled',
        restartCount: 1,
      },
      { name: 'authentication-77884cbcc9-h2x9q' },
      { name: 'authentication-77884cbcc9-m0k3z' },
    ]);
    clusters.workload('prod', 'user', 1, [
      {
        name: 'user-5d9c-x2k1p',
        waiting: { reason: 'CrashLoopBackOff' },
        restartCount: 4,
      },
    ]);
    clusters.workload('dev', 'product', 1, [
      {
        name: 'product-6b7f-abcde',
        phase: 'Pending',
        waiting: {
          reason: 'CreateContainerConfigError',
          message: 'secret "product-db" not found',
        },
      },
    ]);
    clusters.workload('dev', 'user', 1, [
      {
        name: 'user-8a1b-qq7rt',
        phase: 'Pending',
        waiting: { reason: 'ImagePullBackOff' },
      },
    ]);
    await poll();
    // A crash loop is briefly Running between back-offs: still one loop.
    clusters.workload('prod', 'user', 1, [
      { name: 'user-5d9c-x2k1p', ready: false, restartCount: 5 },
    ]);
    await poll();
    clusters.workload('prod', 'user', 1, [
      {
        name: 'user-5d9c-x2k1p',
        waiting: { reason: 'CrashLoopBackOff' },
        restartCount: 6,
      },
    ]);
    await poll();

    const entries = await pulse(server);
    expect(entries).toEqual(
      expect.arrayContaining([
        {
          kind: 'pod-config-error',
          service: 'product',
          summary:
            'Pod product-6b7f-abcde is in state: CreateContainerConfigError secret "product-db" not found in dev',
          url: '/catalog/default/component/product/kubernetes',
        },
        {
          kind: 'pod-image-pull',
          service: 'user',
          summary: 'Pod user-8a1b-qq7rt is in state: ImagePullBackOff in dev',
          url: '/catalog/default/component/user/kubernetes',
        },
        {
          kind: 'pod-oom-killed',
          service: 'authentication',
          summary: 'Pod authentication-77884cbcc9-c7lp4 was OOMKilled in prod',
          url: '/catalog/default/component/authentication/kubernetes',
        },
        {
          kind: 'pod-crash-loop',
          service: 'user',
          summary: 'Pod user-5d9c-x2k1p is in state: CrashLoopBackOff in prod',
          url: '/catalog/default/component/user/kubernetes',
        },
      ]),
    );
    expect(entries).toHaveLength(4);

    // Recovery: after failing, all pods run again: one entry, once.
    clusters.workload('prod', 'user', 1, [
      { name: 'user-5d9c-x2k1p', restartCount: 6 },
    ]);
    await poll();
    await poll();
    const after = await pulse(server);
    expect(after.slice(4)).toEqual([
      {
        kind: 'deployment-recovered',
        service: 'user',
        summary: 'Deployment: user 1/1 pods are Running in prod',
        url: '/catalog/default/component/user/kubernetes',
      },
    ]);
    // Every new entry was also published as a signal.
    expect(
      sent.signals.filter(s => s.channel === 'squad-overview:pulse'),
    ).toHaveLength(5);
  });

  it('on the first poll of a cluster records only pods failing now, not old OOM kills', async () => {
    const { server, poll } = await start();
    healthy('dev');
    clusters.workload('prod', 'authentication', 1, [
      {
        name: 'authentication-1',
        lastTerminated: 'OOMKilled',
        restartCount: 1,
      },
    ]);
    clusters.workload('prod', 'user', 1, [
      {
        name: 'user-1',
        waiting: { reason: 'CrashLoopBackOff' },
        restartCount: 9,
      },
    ]);
    await poll();
    await poll();
    expect((await pulse(server)).map(e => e.summary)).toEqual([
      'Pod user-1 is in state: CrashLoopBackOff in prod',
    ]);
  });

  it('a crash loop in prod notifies the owning squad once per service per hour', async () => {
    const { poll, sent, knex, server } = await start();
    healthy('dev');
    healthy('prod');
    await poll();
    const crash = (cluster: string, name: string) =>
      clusters.workload(cluster, 'user', 1, [
        { name, waiting: { reason: 'CrashLoopBackOff' }, restartCount: 3 },
      ]);
    crash('prod', 'user-a');
    crash('dev', 'user-dev-a'); // not a notifying cluster
    await poll();
    await poll();
    expect(sent.notifications).toEqual([
      {
        recipients: { type: 'entity', entityRef: SQUAD },
        payload: {
          title: 'Service user is in CrashLoopBackOff in prod',
          description: 'Pod user-a is in state: CrashLoopBackOff in prod',
          link: '/catalog/default/component/user/kubernetes',
          severity: 'high',
          topic: 'squad-overview:pod-crash-loop',
        },
      },
    ]);
    // A new pod of the same service loops within the hour: in the pulse,
    // no second notification.
    crash('prod', 'user-b');
    await poll();
    expect(sent.notifications).toHaveLength(1);
    expect((await pulse(server)).map(e => e.summary)).toContain(
      'Pod user-b is in state: CrashLoopBackOff in prod',
    );
    // An hour later (the claim is older than the hour), it notifies again.
    await knex('squad_overview_k8s_notified').update({
      at: Date.now() - 61 * 60_000,
    });
    crash('prod', 'user-c');
    await poll();
    expect(sent.notifications).toHaveLength(2);
    expect(sent.notifications[1].payload.description).toBe(
      'Pod user-c is in state: CrashLoopBackOff in prod',
    );
  });

  it('a cluster that cannot be read records nothing and stops no other cluster', async () => {
    const { server, poll } = await start();
    healthy('prod');
    healthy('dev');
    await poll();
    clusters.set('dev', { pods: [], deployments: [], failure: 'error' });
    clusters.workload('prod', 'user', 1, [
      {
        name: 'user-5d9c-x2k1p',
        waiting: { reason: 'CrashLoopBackOff' },
        restartCount: 2,
      },
    ]);
    await poll();
    expect((await pulse(server)).map(e => e.summary)).toEqual([
      'Pod user-5d9c-x2k1p is in state: CrashLoopBackOff in prod',
    ]);
  });
});
