import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuditorEvent,
  DefaultAuditorService,
} from '@backstage/backend-defaults/auditor';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  capturingLoggerFactory,
  LogLine,
} from './__testUtils__/capturingLogger';
import { releaseStatusPlugin } from './plugin';

jest.setTimeout(60_000);

const AMQP_URL =
  process.env.RELEASE_STATUS_TEST_AMQP_URL ??
  'amqp://guest:guest@127.0.0.1:5672';

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const entities: Entity[] = [
  component('term-deposit', 'squad-nasa', {
    'github.com/project-slug': 'lunarway/term-deposit',
  }),
  component('account', 'squad-nasa'),
  component('bankaccount-api', 'squad-nasa', {
    'lunar.app/release-manager-service': 'bankaccount',
  }),
  component('cards', 'squad-gemini'),
];

// GitHub's compare API, in its documented shape (trimmed).
const github = setupServer(
  http.get(
    'https://api.github.com/repos/:owner/:repo/compare/:range',
    ({ params, request: req }) => {
      // octokit sends a token as `token <token>`
      if (req.headers.get('authorization') !== 'token gh-token') {
        return HttpResponse.json(
          { message: 'Bad credentials' },
          { status: 401 },
        );
      }
      const [base, head] = String(params.range).split('...');
      return HttpResponse.json({
        url: `https://api.github.com/repos/${params.owner}/${params.repo}/compare/${params.range}`,
        html_url: `https://github.com/${params.owner}/${params.repo}/compare/${params.range}`,
        status: 'ahead',
        ahead_by: 2,
        behind_by: 0,
        total_commits: 2,
        base_commit: { sha: base },
        commits: [
          {
            sha: `${head}0000000001`,
            html_url: `https://github.com/${params.owner}/${params.repo}/commit/${head}0000000001`,
            commit: {
              author: {
                name: 'Ada',
                email: 'ada@lunar.app',
                date: '2026-11-20T08:00:00Z',
              },
              committer: {
                name: 'GitHub',
                email: 'noreply@github.com',
                date: '2026-11-20T08:00:00Z',
              },
              message: 'Add interest calculation\n\nLonger text',
            },
            author: { login: 'ada' },
          },
          {
            sha: head,
            html_url: `https://github.com/${params.owner}/${params.repo}/commit/${head}`,
            commit: {
              author: {
                name: 'Bob',
                email: 'bob@lunar.app',
                date: '2026-11-20T09:00:00Z',
              },
              message: 'Round to whole øre',
            },
            author: null,
          },
        ],
        files: [],
      });
    },
  ),
);

beforeAll(() =>
  github.listen({
    onUnhandledRequest(req, print) {
      if (!['127.0.0.1', 'localhost'].includes(new URL(req.url).hostname)) {
        print.error();
      }
    },
  }),
);
afterEach(() => github.resetHandlers());
afterAll(() => github.close());

describe('release-status plugin', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function start(
    config: JsonObject = {},
    databaseId: TestDatabaseId = 'SQLITE_3',
    options: { features?: any[]; rootConfig?: JsonObject } = {},
  ) {
    const knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        releaseStatusPlugin,
        mockServices.database.factory({ knex }),
        // A fresh scheduler per backend: the default one is shared by every
        // test backend of the file and would rerun earlier tests' tasks.
        mockServices.scheduler.factory(),
        mockServices.rootConfig.factory({
          data: {
            ...options.rootConfig,
            releaseStatus: {
              environments: ['dev', 'staging', 'prod'],
              ...config,
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
        ...(options.features ?? []),
      ],
    });
    return Object.assign(backend, { knex });
  }

  async function ingest(server: any, body: object) {
    return request(server)
      .post('/api/release-status/releases')
      .set('Authorization', mockCredentials.service.header())
      .send(body);
  }

  describe('POST /releases', () => {
    // Tokens: see 'POST /releases with external access tokens' below.
    it('needs a service and a valid body', async () => {
      const { server } = await start();
      const release = {
        service: 'term-deposit',
        environment: 'dev',
        artifactId: 'master-1c1508405e-67e9d69164',
      };

      // Users do not report releases; CI does.
      await request(server)
        .post('/api/release-status/releases')
        .set('Authorization', mockCredentials.user.header())
        .send(release)
        .expect(403);

      const missing = await ingest(server, { service: 'term-deposit' });
      expect(missing.status).toBe(400);
      const unknownField = await ingest(server, { ...release, colour: 'red' });
      expect(unknownField.status).toBe(400);
      const unknownEnv = await ingest(server, {
        ...release,
        environment: 'qa',
      });
      expect(unknownEnv.status).toBe(400);
      expect(unknownEnv.body.error.message).toContain('dev, staging, prod');
      const badTime = await ingest(server, {
        ...release,
        releasedAt: 'yesterday',
      });
      expect(badTime.status).toBe(400);

      const created = await ingest(server, {
        ...release,
        releasedAt: '2026-11-20T10:00:00Z',
        releasedBy: 'Jenkins',
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        created: true,
        release: expect.objectContaining({
          service: 'term-deposit',
          environment: 'dev',
          sha: '1c1508405e',
          branch: 'master',
          releasedAt: '2026-11-20T10:00:00.000Z',
          releasedBy: 'Jenkins',
          source: 'ingest',
          intent: 'release',
          failed: false,
          // None sent: zeros, and said to be none rather than a clean scan.
          vulnerabilities: { critical: 0, high: 0, medium: 0, low: 0 },
          vulnerabilitiesReported: false,
          commitUrl:
            'https://github.com/lunarway/term-deposit/commit/1c1508405e',
        }),
      });

      // The same release again, seconds later.
      const again = await ingest(server, {
        ...release,
        releasedAt: '2026-11-20T10:00:05Z',
      });
      expect(again.status).toBe(200);
      expect(again.body.created).toBe(false);
    });

    it('publishes release-status.released once per new release', async () => {
      const events = mockServices.events.mock();
      const { server } = await start({}, 'SQLITE_3', {
        features: [events.factory],
      });
      const release = {
        service: 'term-deposit',
        environment: 'staging',
        artifactId: 'master-2c1508405e-67e9d69164',
        releasedAt: '2026-11-21T10:00:00Z',
        releasedBy: 'Jenkins',
      };
      expect((await ingest(server, release)).status).toBe(201);
      expect((await ingest(server, release)).status).toBe(200);
      const scanned = {
        ...release,
        environment: 'prod',
        vulnerabilities: { high: 2, medium: 1, low: 0 },
      };
      expect((await ingest(server, scanned)).status).toBe(201);
      const published = events.publish.mock.calls.filter(
        ([e]) => e.topic === 'release-status.released',
      );
      expect(published.map(([e]) => e.eventPayload)).toEqual([
        {
          service: 'term-deposit',
          environment: 'staging',
          version: 'master-2c1508405e-67e9d69164',
          actor: 'Jenkins',
          at: '2026-11-21T10:00:00.000Z',
        },
        {
          service: 'term-deposit',
          environment: 'prod',
          version: 'master-2c1508405e-67e9d69164',
          actor: 'Jenkins',
          at: '2026-11-21T10:00:00.000Z',
          vulnerabilities: { critical: 0, high: 2, medium: 1, low: 0 },
        },
      ]);
    });

    it('refuses releases from the future, script links and overlong fields', async () => {
      const release = {
        service: 'cards',
        environment: 'dev',
        artifactId: 'master-1c1508405e-67e9d69164',
      };
      const inMinutes = (minutes: number) =>
        new Date(Date.now() + minutes * 60_000).toISOString();

      // The default clock skew allowed is five minutes.
      const { server } = await start();
      const future = await ingest(server, {
        ...release,
        releasedAt: inMinutes(6),
      });
      expect(future.status).toBe(400);
      expect(future.body.error.message).toMatch(/future/);
      await ingest(server, { ...release, releasedAt: inMinutes(4) }).then(res =>
        expect(res.status).toBe(201),
      );

      for (const buildUrl of [
        // eslint-disable-next-line no-script-url -- a link we must refuse
        'javascript:alert(document.cookie)',
        'ftp://ci.example.com/1',
        'not a url',
      ]) {
        const res = await ingest(server, { ...release, buildUrl });
        expect(res.body.error.message).toContain('buildUrl');
        expect({ buildUrl, status: res.status }).toEqual({
          buildUrl,
          status: 400,
        });
      }
      const tooLong = [
        { service: 'x'.repeat(256) },
        { environment: 'x'.repeat(256) },
        { artifactId: 'x'.repeat(256) },
        { sha: 'a'.repeat(65) },
        { branch: 'b'.repeat(256) },
        { releasedBy: 'r'.repeat(256) },
        { authorEmail: `${'a'.repeat(250)}@lunar.app` },
        { vulnerabilities: { high: -1, medium: 0, low: 0 } },
      ];
      for (const field of tooLong) {
        const res = await ingest(server, { ...release, ...field });
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        // The answer names the field.
        expect(res.body.error.message).toContain(Object.keys(field)[0]);
      }
      const history = await request(server).get(
        '/api/release-status/services/cards/history',
      );
      expect(history.body.releases).toHaveLength(1);

      // The skew is configurable.
      const strict = await start({ maxClockSkewSeconds: 60 });
      await ingest(strict.server, {
        ...release,
        releasedAt: inMinutes(2),
      }).then(res => expect(res.status).toBe(400));
      await ingest(strict.server, {
        ...release,
        releasedAt: inMinutes(0.5),
        buildUrl: 'https://ci.example.com/job/1',
      }).then(res => expect(res.status).toBe(201));
    });
  });

  it('does not hand out build links stored before links were checked', async () => {
    const { server, knex } = await start();
    await ingest(server, {
      service: 'cards',
      environment: 'dev',
      artifactId: 'master-1c1508405e-67e9d69164',
      buildUrl: 'https://ci.example.com/job/1',
    });
    // eslint-disable-next-line no-script-url -- a link we must refuse
    await knex('releases').update({ build_url: 'javascript:alert(1)' });

    const res = await request(server).get(
      '/api/release-status/services/cards/history',
    );
    expect(res.body.releases).toHaveLength(1);
    expect(res.body.releases[0].buildUrl).toBeUndefined();
  });

  describe('POST /releases with external access tokens', () => {
    const externalAccess = [
      {
        type: 'static',
        options: { token: 'jenkins-release-token', subject: 'ci-jenkins' },
        accessRestrictions: [{ plugin: 'release-status' }],
      },
      {
        type: 'static',
        options: { token: 'dead-letter-bot-token', subject: 'dead-letter-bot' },
        accessRestrictions: [{ plugin: 'dead-letter' }],
      },
    ];

    async function startWithRealAuth(config: JsonObject = {}) {
      const audit: AuditorEvent[] = [];
      const backend = await start(config, 'SQLITE_3', {
        rootConfig: { backend: { auth: { externalAccess } } },
        features: [
          authServiceFactory,
          httpAuthServiceFactory,
          createServiceFactory({
            service: coreServices.auditor,
            deps: {
              auth: coreServices.auth,
              httpAuth: coreServices.httpAuth,
              plugin: coreServices.pluginMetadata,
            },
            factory: deps =>
              DefaultAuditorService.create(event => {
                audit.push(event);
              }, deps),
          }),
        ],
      });
      return { ...backend, audit };
    }

    const release = {
      service: 'term-deposit',
      environment: 'dev',
      artifactId: 'master-1c1508405e-67e9d69164',
    };
    const post = (server: any, token?: string) => {
      const req = request(server).post('/api/release-status/releases');
      return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(
        release,
      );
    };

    it('accepts a static token restricted to the plugin and audits the caller', async () => {
      const { server, audit } = await startWithRealAuth();

      const res = await post(server, 'jenkins-release-token');
      expect(res.status).toBe(201);

      expect(audit).toEqual([
        expect.objectContaining({
          plugin: 'release-status',
          eventId: 'release-ingest',
          status: 'initiated',
          actor: expect.objectContaining({ actorId: 'ci-jenkins' }),
        }),
        expect.objectContaining({
          eventId: 'release-ingest',
          status: 'succeeded',
          actor: expect.objectContaining({ actorId: 'ci-jenkins' }),
          meta: expect.objectContaining({
            caller: 'ci-jenkins',
            service: 'term-deposit',
            environment: 'dev',
            artifactId: 'master-1c1508405e-67e9d69164',
            created: true,
          }),
        }),
      ]);
    });

    it('refuses no token, a wrong one, one for another plugin and the old ingest tokens', async () => {
      const { server, audit } = await startWithRealAuth({
        ingest: { tokens: ['old-style-ingest-token'] },
      });
      expect((await post(server)).status).toBe(401);
      expect((await post(server, 'not-a-configured-token')).status).toBe(401);
      expect((await post(server, 'old-style-ingest-token')).status).toBe(401);
      expect((await post(server, 'dead-letter-bot-token')).status).toBe(403);
      expect(audit.filter(e => e.status === 'succeeded')).toEqual([]);

      const history = await request(server)
        .get('/api/release-status/services/term-deposit/history')
        .set('Authorization', 'Bearer jenkins-release-token');
      expect(history.body.releases).toEqual([]);
    });
  });

  describe('reading', () => {
    it('serves environments in configured order, status, history and drift without GitHub', async () => {
      const { server } = await start({
        environments: ['dev', 'staging', 'prod'],
      });
      const now = Date.now();
      const at = (hoursAgo: number) =>
        new Date(now - hoursAgo * 3_600_000).toISOString();

      await request(server)
        .get('/api/release-status/environments')
        .expect(200, { environments: ['dev', 'staging', 'prod'] });

      // Nothing recorded yet: every environment listed, none with a release.
      const empty = await request(server).get(
        '/api/release-status/services/term-deposit/status',
      );
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({
        service: 'term-deposit',
        hasReleases: false,
        environments: [
          { environment: 'dev' },
          { environment: 'staging' },
          { environment: 'prod' },
        ],
      });

      await ingest(server, {
        service: 'term-deposit',
        environment: 'prod',
        artifactId: 'master-aaaaaaaaaa-67e9d69164',
        releasedAt: at(100),
      });
      await ingest(server, {
        service: 'term-deposit',
        environment: 'dev',
        artifactId: 'master-aaaaaaaaaa-67e9d69164',
        releasedAt: at(120),
      });
      await ingest(server, {
        service: 'term-deposit',
        environment: 'dev',
        artifactId: 'master-bbbbbbbbbb-67e9d69164',
        releasedAt: at(84),
        author: 'Ada',
        vulnerabilities: { high: 1, medium: 0, low: 4 },
      });

      const status = await request(server).get(
        '/api/release-status/services/term-deposit/status',
      );
      expect(status.body.hasReleases).toBe(true);
      expect(
        status.body.environments.map((e: any) => [
          e.environment,
          e.release?.artifactId,
        ]),
      ).toEqual([
        ['dev', 'master-bbbbbbbbbb-67e9d69164'],
        ['staging', undefined],
        ['prod', 'master-aaaaaaaaaa-67e9d69164'],
      ]);
      expect(status.body.environments[0].release).toMatchObject({
        author: 'Ada',
        vulnerabilities: { high: 1, medium: 0, low: 4 },
      });

      const history = await request(server).get(
        '/api/release-status/services/term-deposit/history?environment=dev&limit=1',
      );
      expect(history.status).toBe(200);
      expect(history.body.releases.map((r: any) => r.artifactId)).toEqual([
        'master-bbbbbbbbbb-67e9d69164',
      ]);
      const all = await request(server).get(
        '/api/release-status/services/term-deposit/history',
      );
      expect(all.body.releases).toHaveLength(3);
      await request(server)
        .get('/api/release-status/services/term-deposit/history?limit=0')
        .expect(400);
      await request(server)
        .get('/api/release-status/services/term-deposit/history?environment=qa')
        .expect(400);

      const drift = await request(server).get(
        '/api/release-status/services/term-deposit/drift',
      );
      expect(drift.status).toBe(200);
      expect(drift.body).toMatchObject({
        service: 'term-deposit',
        entityRef: 'component:default/term-deposit',
        drifting: true,
        pairs: [
          {
            environment: 'prod',
            aheadEnvironment: 'dev',
            sha: 'aaaaaaaaaa',
            aheadSha: 'bbbbbbbbbb',
            behindSince: at(84),
            commitsAvailable: false,
            commitsUnavailableReason: 'no-github-token',
            compareUrl:
              'https://github.com/lunarway/term-deposit/compare/aaaaaaaaaa...bbbbbbbbbb',
          },
        ],
      });
      // 3.5 days behind.
      expect(drift.body.pairs[0].ageMs).toBeGreaterThanOrEqual(84 * 3_600_000);
      expect(drift.body.pairs[0].ageMs).toBeLessThan(85 * 3_600_000);
      expect(drift.body.pairs[0].commits).toBeUndefined();

      // An unknown service: clear, empty answers.
      const unknown = await request(server).get(
        '/api/release-status/services/nope/drift',
      );
      expect(unknown.status).toBe(200);
      expect(unknown.body).toMatchObject({
        service: 'nope',
        hasReleases: false,
        drifting: false,
        pairs: [],
      });

      // Reading needs a Backstage identity.
      await request(server)
        .get('/api/release-status/services/term-deposit/status')
        .set('Authorization', mockCredentials.none.header())
        .expect(401);
    });

    it('lists the commits between the shas with the credentials of integrations.github', async () => {
      const { server } = await start({}, 'SQLITE_3', {
        rootConfig: {
          integrations: { github: [{ host: 'github.com', token: 'gh-token' }] },
        },
      });
      await ingest(server, {
        service: 'term-deposit',
        environment: 'prod',
        artifactId: 'master-aaaaaaaaaa-67e9d69164',
        releasedAt: '2026-11-18T10:00:00Z',
      });
      await ingest(server, {
        service: 'term-deposit',
        environment: 'dev',
        artifactId: 'master-bbbbbbbbbb-67e9d69164',
        releasedAt: '2026-11-20T10:00:00Z',
      });
      // account has no github.com/project-slug annotation.
      await ingest(server, {
        service: 'account',
        environment: 'prod',
        artifactId: 'master-cccccccccc-67e9d69164',
      });
      await ingest(server, {
        service: 'account',
        environment: 'dev',
        artifactId: 'master-dddddddddd-67e9d69164',
      });

      const drift = await request(server).get(
        '/api/release-status/services/term-deposit/drift',
      );
      expect(drift.body.pairs).toEqual([
        expect.objectContaining({
          environment: 'prod',
          aheadEnvironment: 'dev',
          commitsAvailable: true,
          commitCount: 2,
          compareUrl:
            'https://github.com/lunarway/term-deposit/compare/aaaaaaaaaa...bbbbbbbbbb',
          commits: [
            {
              sha: 'bbbbbbbbbb',
              message: 'Round to whole øre',
              author: 'Bob',
              url: 'https://github.com/lunarway/term-deposit/commit/bbbbbbbbbb',
            },
            {
              sha: 'bbbbbbbbbb0000000001',
              message: 'Add interest calculation',
              author: 'Ada',
              url: 'https://github.com/lunarway/term-deposit/commit/bbbbbbbbbb0000000001',
            },
          ],
        }),
      ]);

      const account = await request(server).get(
        '/api/release-status/services/account/drift',
      );
      expect(account.body.pairs[0]).toMatchObject({
        commitsAvailable: false,
        commitsUnavailableReason: 'no-repository',
      });

      // GitHub failing does not fail the drift.
      github.use(
        http.get(
          'https://api.github.com/repos/:owner/:repo/compare/:range',
          () => HttpResponse.json({ message: 'Server Error' }, { status: 500 }),
        ),
      );
      await ingest(server, {
        service: 'term-deposit',
        environment: 'dev',
        artifactId: 'master-eeeeeeeeee-67e9d69164',
      });
      const failing = await request(server).get(
        '/api/release-status/services/term-deposit/drift',
      );
      expect(failing.status).toBe(200);
      expect(failing.body.pairs[0]).toMatchObject({
        commitsAvailable: false,
        commitsUnavailableReason: 'github-error',
      });
    });

    it('lists every service of a squad, drifting ones first', async () => {
      const { server } = await start();
      await ingest(server, {
        service: 'account',
        environment: 'dev',
        artifactId: 'master-1111111111-67e9d69164',
      });
      await ingest(server, {
        service: 'account',
        environment: 'prod',
        artifactId: 'master-1111111111-67e9d69164',
      });
      // bankaccount-api is known to the release manager as bankaccount.
      await ingest(server, {
        service: 'bankaccount',
        environment: 'dev',
        artifactId: 'master-2222222222-67e9d69164',
      });
      await ingest(server, {
        service: 'bankaccount',
        environment: 'staging',
        artifactId: 'master-3333333333-67e9d69164',
        releasedAt: '2026-11-01T00:00:00Z',
      });
      await ingest(server, {
        service: 'cards',
        environment: 'dev',
        artifactId: 'master-4444444444-67e9d69164',
      });

      for (const squad of ['squad-nasa', 'group:default/squad-nasa']) {
        const res = await request(server).get(
          `/api/release-status/squads/${encodeURIComponent(squad)}/drift`,
        );
        expect(res.status).toBe(200);
        expect(res.body.squad).toBe('group:default/squad-nasa');
        expect(res.body.environments).toEqual(['dev', 'staging', 'prod']);
        expect(
          res.body.services.map((s: any) => [
            s.service,
            s.drifting,
            s.hasReleases,
          ]),
        ).toEqual([
          ['bankaccount', true, true],
          ['account', false, true],
          ['term-deposit', false, false],
        ]);
        expect(res.body.services[0]).toMatchObject({
          entityRef: 'component:default/bankaccount-api',
          pairs: [
            {
              environment: 'staging',
              aheadEnvironment: 'dev',
              commitsAvailable: false,
              commitsUnavailableReason: 'not-requested',
            },
          ],
        });
      }
    });
  });

  describe('release manager', () => {
    it('backfills every service Component of the catalog on schedule', async () => {
      const seen: string[] = [];
      github.use(
        http.get('http://release-manager.test/status', ({ request: req }) => {
          const service = new URL(req.url).searchParams.get('service')!;
          seen.push(service);
          if (service !== 'term-deposit') {
            return HttpResponse.json({});
          }
          return HttpResponse.json({
            environments: [
              {
                name: 'prod',
                tag: 'master-1a1a1a1a1a-67e9d69164',
                date: 1763629200000,
              },
            ],
          });
        }),
        http.get(
          'http://release-manager.test/describe/release/:service/:environment',
          () =>
            HttpResponse.json({
              releases: [
                {
                  releasedAt: '2026-11-19T07:30:00Z',
                  releasedByName: 'Emil',
                  intent: {
                    type: 'Promote',
                    promote: { fromEnvironment: 'staging' },
                  },
                  artifact: {
                    id: 'master-1a1a1a1a1a-67e9d69164',
                    application: { sha: '1a1a1a1a1a99' },
                  },
                },
              ],
            }),
        ),
      );
      const backend = await start({
        releaseManager: {
          baseUrl: 'http://release-manager.test',
          token: 'rm',
          schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
        },
      });
      await waitFor(async () => {
        const res = await request(backend.server).get(
          '/api/release-status/services/term-deposit/status',
        );
        expect(res.body.environments[2].release).toMatchObject({
          artifactId: 'master-1a1a1a1a1a-67e9d69164',
          releasedAt: '2026-11-19T07:30:00.000Z',
          releasedBy: 'Emil',
          intent: 'promote',
          source: 'release-manager',
        });
      });
      expect([...new Set(seen)].sort()).toEqual([
        'account',
        'bankaccount',
        'cards',
        'term-deposit',
      ]);
      await backend.stop();
    });
  });

  describe('AMQP events', () => {
    it('stores released events from the broker and marks failed ones', async () => {
      const id = randomUUID().slice(0, 8);
      const exchange = `test.release-manager.${id}`;
      const queue = `test.release-status.${id}`;
      const connection = await amqp.connect(AMQP_URL);
      const channel = await connection.createChannel();
      try {
        const backend = await start(
          { amqp: { url: AMQP_URL, exchange, queue } },
          // The production pairing, PostgreSQL, where this machine has it.
          databases.supports('POSTGRES_15') ? 'POSTGRES_15' : 'SQLITE_3',
        );
        const server = backend.server;
        await waitFor(async () => {
          // A missing queue closes the channel: check on a throwaway one.
          const probe = await connection.createChannel();
          probe.on('error', () => {});
          try {
            expect((await probe.checkQueue(queue)).consumerCount).toBe(1);
          } finally {
            await probe.close().catch(() => {});
          }
        });

        const publish = (type: string, body: object) =>
          channel.publish(exchange, '', Buffer.from(JSON.stringify(body)), {
            type,
            contentType: 'application/json',
            messageId: randomUUID(),
          });
        publish('released', {
          name: 'term-deposit',
          namespace: 'prod',
          artifactId: 'master-1c1508405e-67e9d69164',
          authorEmail: 'ada@lunar.app',
          authorName: 'Ada',
          squad: 'nasa',
          environment: 'prod',
          intentType: 'Promote',
        });
        // An environment we do not show, and an event type we ignore.
        publish('released', {
          name: 'term-deposit',
          artifactId: 'x',
          environment: 'sandbox',
        });
        publish('releaseSucceeded', {
          name: 'term-deposit',
          artifactId: 'master-1c1508405e-67e9d69164',
          environment: 'prod',
        });

        await waitFor(async () => {
          const res = await request(server).get(
            '/api/release-status/services/term-deposit/status',
          );
          expect(res.body.environments[2].release).toMatchObject({
            artifactId: 'master-1c1508405e-67e9d69164',
            sha: '1c1508405e',
            branch: 'master',
            author: 'Ada',
            squad: 'nasa',
            intent: 'promote',
            source: 'amqp',
          });
        });

        // The same release reported by CI is not stored twice.
        const dup = await ingest(server, {
          service: 'term-deposit',
          environment: 'prod',
          artifactId: 'master-1c1508405e-67e9d69164',
          buildUrl: 'https://ci.example.com/1',
        });
        expect(dup.status).toBe(200);

        publish('releaseFailed', {
          podName: 'term-deposit-7d9c-abcde',
          namespace: 'prod',
          errors: ['CrashLoopBackOff'],
          environment: 'prod',
          artifactId: 'master-1c1508405e-67e9d69164',
        });
        await waitFor(async () => {
          const res = await request(server).get(
            '/api/release-status/services/term-deposit/history',
          );
          expect(res.body.releases).toEqual([
            expect.objectContaining({
              failed: true,
              buildUrl: 'https://ci.example.com/1',
            }),
          ]);
        });
        await backend.stop();
        // Acked after commit: nothing left behind on our queue.
        expect((await channel.checkQueue(queue)).messageCount).toBe(0);
      } finally {
        await channel.deleteQueue(queue).catch(() => {});
        await channel.deleteExchange(exchange).catch(() => {});
        await connection.close();
      }
    });

    it('rejects events that can never be stored, with the reason in the log', async () => {
      const id = randomUUID().slice(0, 8);
      const exchange = `test.release-manager.${id}`;
      const queue = `test.release-status.${id}`;
      const connection = await amqp.connect(AMQP_URL);
      const channel = await connection.createChannel();
      const logs: LogLine[] = [];
      try {
        const backend = await start(
          { amqp: { url: AMQP_URL, exchange, queue } },
          databases.supports('POSTGRES_15') ? 'POSTGRES_15' : 'SQLITE_3',
          { features: [capturingLoggerFactory(logs)] },
        );
        await waitFor(async () => {
          const probe = await connection.createChannel();
          probe.on('error', () => {});
          try {
            expect((await probe.checkQueue(queue)).consumerCount).toBe(1);
          } finally {
            await probe.close().catch(() => {});
          }
        });
        const publish = (body: unknown, options: amqp.Options.Publish = {}) => {
          const messageId = randomUUID();
          channel.publish(exchange, '', Buffer.from(JSON.stringify(body)), {
            type: 'released',
            messageId,
            ...options,
          });
          return messageId;
        };
        const event = {
          name: 'cards',
          environment: 'prod',
          artifactId: 'master-7777777777-67e9d69164',
        };
        const bad = {
          'not a JSON object': publish('released cards to prod'),
          "'name' must be a string": publish({ ...event, name: 42 }),
          "'artifactId' must be a string": publish({
            ...event,
            artifactId: { id: 'x' },
          }),
          "'service' is longer than 255": publish({
            ...event,
            name: 'c'.repeat(300),
          }),
          "'environment' is missing": publish({
            ...event,
            environment: undefined,
          }),
          'in the future': publish(event, {
            timestamp: Math.floor(Date.now() / 1000) + 3600,
          }),
        };
        publish({ ...event, environment: 'dev' });

        await waitFor(async () => {
          const res = await request(backend.server).get(
            '/api/release-status/services/cards/history',
          );
          expect(res.body.releases).toEqual([
            expect.objectContaining({ environment: 'dev' }),
          ]);
        });
        await waitFor(async () => {
          for (const [reason, messageId] of Object.entries(bad)) {
            expect({
              reason,
              logged: logs.some(
                l =>
                  l.level === 'warn' &&
                  l.message.includes('rejected') &&
                  l.message.includes(messageId) &&
                  l.message.includes(reason),
              ),
            }).toEqual({ reason, logged: true });
          }
        });
        // Each was rejected on its first delivery, never requeued.
        expect(logs.filter(l => l.message.includes('requeueing'))).toEqual([]);
        await backend.stop();
        expect((await channel.checkQueue(queue)).messageCount).toBe(0);
      } finally {
        await channel.deleteQueue(queue).catch(() => {});
        await channel.deleteExchange(exchange).catch(() => {});
        await connection.close();
      }
    });

    it('sets its queue up again when the broker drops it', async () => {
      const id = randomUUID().slice(0, 8);
      const exchange = `test.release-manager.${id}`;
      const queue = `test.release-status.${id}`;
      const connection = await amqp.connect(AMQP_URL);
      const channel = await connection.createChannel();
      try {
        const backend = await start({
          amqp: { url: AMQP_URL, exchange, queue, reconnectSeconds: 0.2 },
        });
        const consumers = async () => {
          const probe = await connection.createChannel();
          probe.on('error', () => {});
          try {
            return (await probe.checkQueue(queue)).consumerCount;
          } catch {
            return 0;
          } finally {
            await probe.close().catch(() => {});
          }
        };
        await waitFor(async () => expect(await consumers()).toBe(1));
        await channel.deleteQueue(queue);
        await waitFor(async () => expect(await consumers()).toBe(1));

        channel.publish(
          exchange,
          '',
          Buffer.from(
            JSON.stringify({
              name: 'cards',
              artifactId: 'master-6666666666-67e9d69164',
              environment: 'staging',
            }),
          ),
          { type: 'released' },
        );
        await waitFor(async () => {
          const res = await request(backend.server).get(
            '/api/release-status/services/cards/status',
          );
          expect(res.body.environments[1].release?.artifactId).toBe(
            'master-6666666666-67e9d69164',
          );
        });
        await backend.stop();
      } finally {
        await channel.deleteQueue(queue).catch(() => {});
        await channel.deleteExchange(exchange).catch(() => {});
        await connection.close();
      }
    });

    it('can consume through a temporary queue of its own', async () => {
      const exchange = `test.release-manager.${randomUUID().slice(0, 8)}`;
      const connection = await amqp.connect(AMQP_URL);
      const channel = await connection.createChannel();
      try {
        await channel.assertExchange(exchange, 'topic', { durable: true });
        const backend = await start({
          amqp: { url: AMQP_URL, exchange, temporaryQueue: true },
        });
        const event = {
          name: 'account',
          artifactId: 'master-5555555555-67e9d69164',
          environment: 'dev',
        };
        // Until the queue is bound, published events go nowhere: repeat (the
        // repeats are the same release and stored once).
        await waitFor(async () => {
          channel.publish(exchange, '', Buffer.from(JSON.stringify(event)), {
            type: 'released',
          });
          const res = await request(backend.server).get(
            '/api/release-status/services/account/history',
          );
          expect(res.body.releases).toHaveLength(1);
        });
        await backend.stop();
      } finally {
        await channel.deleteExchange(exchange).catch(() => {});
        await connection.close();
      }
    });

    it('starts and serves while the broker is down', async () => {
      const backend = await start({
        amqp: { url: 'amqp://guest:guest@127.0.0.1:1', reconnectSeconds: 1 },
      });
      const res = await request(backend.server).get(
        '/api/release-status/environments',
      );
      expect(res.status).toBe(200);
      expect(res.body.environments).toEqual(['dev', 'staging', 'prod']);
      await backend.stop();
    });
  });
});

async function waitFor(check: () => Promise<void>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}
