import { LoggerService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  registerMswTestHooks,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { capturingLogger } from '../__testUtils__/capturingLogger';
import { setupServer } from 'msw/node';
import {
  describeTermDepositDev,
  RM_BASE_URL,
  statusTermDeposit,
} from '../__fixtures__/releaseManager';
import {
  applyMigrations,
  KnexReleaseStore,
} from '../database/KnexReleaseStore';
import { KnexReleaseManagerContactStore } from '../database/KnexReleaseManagerContactStore';
import { backfillFromReleaseManager } from './backfill';
import { ReleaseManagerClient } from './ReleaseManagerClient';

jest.setTimeout(60_000);

describe('backfillFromReleaseManager', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const NOW = Date.parse('2026-11-21T12:00:00Z');

  async function setup(logger: LoggerService = mockServices.logger.mock()) {
    const knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    const store = new KnexReleaseStore(knex, 600_000);
    const api = new ReleaseManagerClient({
      baseUrl: RM_BASE_URL,
      token: 'rm-token',
      environments: ['dev', 'staging', 'prod'],
    });
    const run = (services: string[]) =>
      backfillFromReleaseManager({
        api,
        store,
        services,
        environments: ['dev', 'staging', 'prod'],
        historyCount: 5,
        logger,
        now: () => NOW,
      });
    return { store, run };
  }

  it('reads history, tolerates omitted fields, missing environments and a failing describe', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${RM_BASE_URL}/status`, ({ request }) => {
        expect(request.headers.get('authorization')).toBe('Bearer rm-token');
        const service = new URL(request.url).searchParams.get('service');
        seen.push(`status ${service}`);
        if (service === 'term-deposit') {
          return HttpResponse.json(statusTermDeposit);
        }
        if (service === 'legacy') {
          // Older release managers keyed environments by name.
          return HttpResponse.json({
            dev: { tag: 'master-3c3c3c3c3c-67e9d69164' },
          });
        }
        if (service === 'nothing-released') {
          return HttpResponse.json({});
        }
        return HttpResponse.json({ message: 'boom' }, { status: 502 });
      }),
      http.get(
        `${RM_BASE_URL}/describe/release/:service/:environment`,
        ({ params, request }) => {
          seen.push(
            `describe ${params.service}/${params.environment} ${new URL(
              request.url,
            ).searchParams.get('count')}`,
          );
          if (
            params.service === 'term-deposit' &&
            params.environment === 'dev'
          ) {
            return HttpResponse.json(describeTermDepositDev);
          }
          if (params.service === 'legacy') {
            return new HttpResponse(null, { status: 404 });
          }
          return HttpResponse.json({ message: 'internal' }, { status: 500 });
        },
      ),
    );
    const { store, run } = await setup();

    const result = await run([
      'term-deposit',
      'legacy',
      'nothing-released',
      'broken',
    ]);
    expect(result).toEqual({
      services: 3,
      recorded: 4,
      refused: 0,
      failedServices: ['broken'],
    });
    expect(seen).toContain('describe term-deposit/dev 5');
    // staging is missing from /status, so it is never asked for.
    expect(seen.some(s => s.includes('term-deposit/staging'))).toBe(false);

    const dev = await store.history('term-deposit', {
      environment: 'dev',
      limit: 10,
    });
    expect(dev).toEqual([
      expect.objectContaining({
        artifactId: 'master-2b2b2b2b2b-67e9d69164',
        releasedAt: Date.parse('2026-11-20T10:00:00Z'),
        sha: '2b2b2b2b2b0000000000000000000000000000aa',
        branch: 'master',
        releasedBy: 'Bjørn Sørensen',
        author: 'Bjørn Sørensen',
        message: 'Add interest calculation',
        buildUrl: 'https://jenkins.example.com/job/term-deposit/42/',
        vulnerabilities: { high: 1, medium: 3, low: 2, critical: 0 },
        vulnerabilitiesReported: true,
        intent: 'autoRelease',
        squad: 'nasa',
        source: 'release-manager',
      }),
      expect.objectContaining({
        artifactId: 'master-1a1a1a1a1a-67e9d69164',
        releasedAt: Date.parse('2026-11-18T08:00:00Z'),
        intent: 'unknown',
        // No scan stages: no figures, not a clean scan.
        vulnerabilities: { high: 0, medium: 0, low: 0, critical: 0 },
        vulnerabilitiesReported: false,
      }),
    ]);
    expect(dev[1].releasedBy).toBeUndefined();

    // prod's history failed: what /status says it runs, first seen now (its
    // `date` is the end of the build, not the release).
    expect(await store.current('term-deposit', 'prod')).toMatchObject({
      artifactId: 'master-1a1a1a1a1a-67e9d69164',
      sha: '1a1a1a1a1a',
      releasedAt: NOW,
    });
    expect(await store.current('term-deposit', 'staging')).toBeUndefined();
    expect(await store.current('legacy', 'dev')).toMatchObject({
      artifactId: 'master-3c3c3c3c3c-67e9d69164',
    });

    // Running again records nothing new.
    expect((await run(['term-deposit', 'legacy'])).recorded).toBe(0);
    expect(await store.history('term-deposit', { limit: 10 })).toHaveLength(3);
  });

  it('skips releases from the future and build links that are not http(s)', async () => {
    const inOneHour = new Date(Date.now() + 3_600_000).toISOString();
    const artifact = (id: string, jobUrl: string) => ({
      id,
      application: { sha: `${id.split('-')[1]}00` },
      ci: { jobUrl },
    });
    server.use(
      http.get(`${RM_BASE_URL}/status`, ({ request }) => {
        const service = new URL(request.url).searchParams.get('service');
        return HttpResponse.json({
          environments: [
            service === 'cards'
              ? {
                  name: 'dev',
                  tag: 'master-4444444444-67e9d69164',
                  // eslint-disable-next-line no-script-url -- a link we must refuse
                  buildUrl: 'javascript:alert(document.cookie)',
                }
              : { name: 'dev', tag: 'master-1111111111-67e9d69164' },
          ],
        });
      }),
      http.get(
        `${RM_BASE_URL}/describe/release/:service/:environment`,
        ({ params }) =>
          params.service === 'cards'
            ? new HttpResponse(null, { status: 404 })
            : HttpResponse.json({
                releases: [
                  {
                    releasedAt: inOneHour,
                    artifact: artifact(
                      'master-3333333333-67e9d69164',
                      'https://jenkins.example.com/3',
                    ),
                  },
                  {
                    releasedAt: '2026-11-20T10:00:00Z',
                    artifact: artifact(
                      'master-2222222222-67e9d69164',
                      // eslint-disable-next-line no-script-url -- a link we must refuse
                      'javascript:fetch("https://evil.example.com")',
                    ),
                  },
                  {
                    releasedAt: '2026-11-19T10:00:00Z',
                    artifact: artifact(
                      'master-1111111111-67e9d69164',
                      'https://jenkins.example.com/1',
                    ),
                  },
                ],
              }),
      ),
    );
    const logger = capturingLogger();
    const { store, run } = await setup(logger);

    const result = await run(['term-deposit', 'cards']);
    expect(result).toEqual({
      services: 2,
      recorded: 1,
      refused: 3,
      failedServices: [],
    });
    expect(await store.history('term-deposit', { limit: 10 })).toEqual([
      expect.objectContaining({
        artifactId: 'master-1111111111-67e9d69164',
        buildUrl: 'https://jenkins.example.com/1',
      }),
    ]);
    expect(await store.history('cards', { limit: 10 })).toEqual([]);
    const warnings = logger.lines
      .filter(l => l.level === 'warn')
      .map(l => l.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/master-3333333333.*in the future/),
        expect.stringMatching(/master-2222222222.*http/),
        expect.stringMatching(/master-4444444444.*http/),
      ]),
    );
  });

  it('records whether it reached the release manager: one service read is enough', async () => {
    const knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    const contacts = new KnexReleaseManagerContactStore(knex);
    const run = (services: string[], now: number) =>
      backfillFromReleaseManager({
        api: new ReleaseManagerClient({
          baseUrl: RM_BASE_URL,
          environments: ['dev', 'staging', 'prod'],
        }),
        store: new KnexReleaseStore(knex, 600_000),
        services,
        environments: ['dev', 'staging', 'prod'],
        historyCount: 5,
        logger: mockServices.logger.mock(),
        contacts,
        now: () => now,
      });
    server.use(
      http.get(`${RM_BASE_URL}/status`, ({ request }) =>
        new URL(request.url).searchParams.get('service') === 'broken'
          ? HttpResponse.json({ message: 'boom' }, { status: 502 })
          : HttpResponse.json({}),
      ),
    );

    await run(['term-deposit', 'broken'], NOW);
    expect(await contacts.get()).toEqual({ lastReachedAt: NOW });

    await run(['broken'], NOW + 1000);
    expect(await contacts.get()).toEqual({
      lastReachedAt: NOW,
      lastError: {
        message: 'Request failed with 502 Bad Gateway',
        at: NOW + 1000,
      },
    });

    // No services: the release manager was not asked, nothing changes.
    await run([], NOW + 2000);
    expect((await contacts.get()).lastError?.at).toBe(NOW + 1000);
  });
});
