import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { graphql, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startSquadBackend } from './__testUtils__/backend';

jest.setTimeout(60_000);

const calls: string[] = [];
let githubDown = false;

const mswServer = setupServer(
  http.get('*/api/dead-letter/environments', () => {
    calls.push('dl-environments');
    return HttpResponse.json({
      environments: [{ name: 'dev' }, { name: 'prod' }],
    });
  }),
  http.get(
    '*/api/dead-letter/dead-letters/service-overview',
    ({ request: r }) => {
      const env = new URL(r.url).searchParams.get('environment');
      calls.push(`dl-${env}`);
      return HttpResponse.json({
        environment: env,
        items:
          env === 'dev'
            ? [
                { service: 'payments', count: 3, lastReceivedAt: null },
                { service: 'ledger', count: 9, lastReceivedAt: null },
              ]
            : [{ service: 'payments', count: 1, lastReceivedAt: null }],
      });
    },
  ),
  http.get('*/api/release-status/squads/:squad/drift', ({ params }) => {
    calls.push(`drift-${params.squad}`);
    return HttpResponse.json({
      squad: params.squad,
      environments: ['dev', 'staging', 'prod'],
      services: [
        {
          service: 'term-deposit-api',
          entityRef: 'component:default/term-deposit',
          hasReleases: true,
          drifting: true,
          environments: [],
          pairs: [
            {
              environment: 'prod',
              aheadEnvironment: 'dev',
              artifactId: 'master-aaa-1',
              aheadArtifactId: 'master-bbb-2',
              behindSince: '2026-11-28T10:00:00.000Z',
              ageMs: 1,
              commitsAvailable: false,
            },
          ],
        },
      ],
    });
  }),
  graphql.query('SquadOverview', () => {
    calls.push('github');
    if (githubDown) {
      return HttpResponse.json(
        { errors: [{ message: 'API rate limit exceeded' }] },
        { status: 403 },
      );
    }
    return HttpResponse.json({
      data: {
        s0: {
          nodes: [
            {
              id: 'PR_1',
              number: 12,
              title: 'Faster payouts',
              url: 'https://github.com/lunarway/payments/pull/12',
              updatedAt: '2026-12-01T08:00:00Z',
              author: { login: 'ada' },
              repository: { nameWithOwner: 'lunarway/payments' },
            },
            {
              id: 'PR_2',
              number: 4,
              title: 'Rates in euro',
              url: 'https://github.com/lunarway/term-deposit/pull/4',
              updatedAt: '2026-12-01T09:00:00Z',
              author: { login: 'grace' },
              repository: { nameWithOwner: 'lunarway/term-deposit' },
            },
          ],
        },
        r0: {
          nameWithOwner: 'lunarway/payments',
          defaultBranchRef: {
            target: {
              oid: 'abc',
              url: 'https://github.com/lunarway/payments/commit/abc',
              committedDate: '2026-12-01T07:00:00Z',
              statusCheckRollup: { state: 'FAILURE' },
            },
          },
        },
        r1: { nameWithOwner: 'lunarway/term-deposit', defaultBranchRef: null },
      },
    });
  }),
);

beforeAll(() => mswServer.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  mswServer.resetHandlers();
  calls.length = 0;
  githubDown = false;
});
afterAll(() => mswServer.close());

describe('services and pull requests of a squad', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start(config: JsonObject) {
    const knex = await databases.init('SQLITE_3');
    return startSquadBackend({ knex, config });
  }

  const GITHUB = {
    integrations: { github: [{ host: 'github.com', token: 'test-token' }] },
  };

  async function get(server: any, path: string) {
    const res = await request(server)
      .get(`/api/squad-overview/squads/default/squad-gemini${path}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  }

  it('shows each service with dead letters, drift, open PRs and last build from one GitHub query', async () => {
    const { server } = await start(GITHUB);
    const body = await get(server, '/services');
    expect(body.squad).toEqual({
      entityRef: 'group:default/squad-gemini',
      title: 'Gemini',
    });
    expect(body.items).toEqual([
      {
        entityRef: 'component:default/payments',
        name: 'payments',
        repository: 'lunarway/payments',
        deadLetters: [
          { environment: 'dev', count: 3 },
          { environment: 'prod', count: 1 },
        ],
        openPullRequests: 1,
        lastBuild: {
          status: 'failure',
          at: '2026-12-01T07:00:00Z',
          url: 'https://github.com/lunarway/payments/commit/abc',
        },
      },
      {
        entityRef: 'component:default/term-deposit',
        name: 'term-deposit',
        repository: 'lunarway/term-deposit',
        deadLetters: [
          { environment: 'dev', count: 0 },
          { environment: 'prod', count: 0 },
        ],
        release: {
          environmentsBehind: 1,
          behindSince: '2026-11-28T10:00:00.000Z',
          drift: [{ environment: 'prod', version: 'master-aaa-1' }],
        },
        openPullRequests: 1,
      },
    ]);
    expect(body.sources.github).toEqual({
      configured: true,
      asOf: expect.any(String),
    });
    // One GitHub request for the squad, one dead-letter call per environment.
    expect(calls.sort()).toEqual(
      [
        'dl-dev',
        'dl-environments',
        'dl-prod',
        'drift-group:default/squad-gemini',
        'github',
      ].sort(),
    );

    const prs = await get(server, '/pull-requests');
    expect(prs.items.map((p: any) => p.number)).toEqual([4, 12]);
    const found = await get(server, '/pull-requests?q=payout');
    expect(found.items.map((p: any) => p.title)).toEqual(['Faster payouts']);
  });

  it('says how to configure GitHub when it is not', async () => {
    const { server } = await start({});
    const body = await get(server, '/services');
    expect(body.sources.github).toEqual({
      configured: false,
      howToConfigure: expect.stringContaining('integrations.github'),
    });
    expect(body.items.map((i: any) => i.openPullRequests)).toEqual([
      null,
      null,
    ]);
    expect(calls).not.toContain('github');
    const prs = await get(server, '/pull-requests');
    expect(prs).toEqual({ items: [], source: body.sources.github });
  });

  it('keeps the last GitHub data with its time and the error when GitHub fails', async () => {
    const { server } = await start({
      ...GITHUB,
      // Refresh on every request (a few milliseconds).
      squadOverview: { github: { refreshMinutes: 0.00005 } },
    });
    const first = await get(server, '/pull-requests');
    expect(first.items).toHaveLength(2);
    githubDown = true;
    await new Promise(r => setTimeout(r, 20));
    // Answers at once with what it has, refreshing behind it.
    await get(server, '/pull-requests');
    await new Promise(r => setTimeout(r, 200));
    const later = await get(server, '/pull-requests');
    expect(later.items).toHaveLength(2);
    expect(later.source).toEqual({
      configured: true,
      asOf: first.source.asOf,
      error: expect.stringContaining('rate limit'),
    });
  });

  it('shows the dead-letter source error instead of failing the page', async () => {
    mswServer.use(
      http.get('*/api/dead-letter/environments', () =>
        HttpResponse.json({ error: { message: 'down' } }, { status: 503 }),
      ),
    );
    const { server } = await start({});
    const body = await get(server, '/services');
    expect(body.sources.deadLetters).toEqual({
      configured: true,
      error: expect.stringContaining('503'),
    });
    expect(body.items[0].deadLetters).toEqual([]);
  });
});
