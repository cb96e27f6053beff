import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createServer } from 'node:net';
import request from 'supertest';
import { RM_BASE_URL, statusTermDeposit } from './__fixtures__/releaseManager';
import { releaseStatusPlugin } from './plugin';

jest.setTimeout(60_000);

const entities: Entity[] = ['term-deposit', 'cards'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: 'squad-nasa', lifecycle: 'production' },
}));

const releaseManager = {
  baseUrl: RM_BASE_URL,
  schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
};

// The release manager's HTTP API; supertest's own requests pass through.
const server = setupServer();
beforeAll(() =>
  server.listen({
    onUnhandledRequest(req, print) {
      if (!['127.0.0.1', 'localhost'].includes(new URL(req.url).hostname)) {
        print.error();
      }
    },
  }),
);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function releaseManagerAnswers() {
  server.use(
    http.get(`${RM_BASE_URL}/status`, () =>
      HttpResponse.json(statusTermDeposit),
    ),
    http.get(`${RM_BASE_URL}/describe/release/:service/:environment`, () =>
      HttpResponse.json({ releases: [] }),
    ),
  );
}

function releaseManagerFails() {
  server.use(
    http.get(`${RM_BASE_URL}/status`, () =>
      HttpResponse.json({ message: 'database down' }, { status: 500 }),
    ),
  );
}

describe('release manager health on the Releases tab (GET /services/{service}/drift)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  // The backfill runs once at start-up (the mock scheduler's start-up run).
  async function start(knex: Knex, config: JsonObject) {
    return startTestBackend({
      features: [
        releaseStatusPlugin,
        mockServices.database.factory({ knex }),
        mockServices.scheduler.factory(),
        mockServices.rootConfig.factory({
          data: {
            releaseStatus: {
              environments: ['dev', 'staging', 'prod'],
              ...config,
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
  }

  async function health(backend: { server: any }) {
    const res = await request(backend.server).get(
      '/api/release-status/services/term-deposit/drift',
    );
    expect(res.status).toBe(200);
    return res.body.releaseManager;
  }

  it.each(databases.eachSupportedId())(
    'is fresh once reached, then stale with the error on every replica when it fails, %p',
    async (databaseId: TestDatabaseId) => {
      const knex = await databases.init(databaseId);

      releaseManagerAnswers();
      const before = Date.now();
      const first = await start(knex, { releaseManager });
      const fresh = await health(first);
      expect(fresh).toEqual({
        configured: true,
        lastReachedAt: expect.any(String),
        stale: false,
      });
      expect(Date.parse(fresh.lastReachedAt)).toBeGreaterThanOrEqual(before);
      // What the backfill read is there too.
      const drift = await request(first.server).get(
        '/api/release-status/services/term-deposit/drift',
      );
      expect(drift.body.environments[0].release.artifactId).toBe(
        'master-2b2b2b2b2b-67e9d69164',
      );

      // Another replica on the same database runs the next backfill, and the
      // release manager answers 500 to everything.
      releaseManagerFails();
      const second = await start(knex, { releaseManager });
      for (const replica of [first, second]) {
        expect(await health(replica)).toEqual({
          configured: true,
          lastReachedAt: fresh.lastReachedAt,
          lastError: {
            message: 'Request failed with 500 Internal Server Error',
            at: expect.any(String),
          },
          stale: true,
        });
      }

      await second.stop();
      await first.stop();
    },
  );

  it('is stale without a time when the release manager was never reached', async () => {
    const knex = await databases.init('SQLITE_3');
    const port = await closedPort();
    const backend = await start(knex, {
      releaseManager: {
        ...releaseManager,
        baseUrl: `http://127.0.0.1:${port}`,
      },
    });
    expect(await health(backend)).toEqual({
      configured: true,
      lastError: {
        message: `fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`,
        at: expect.any(String),
      },
      stale: true,
    });
    await backend.stop();
  });

  it('says when the release manager is not configured', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await start(knex, {});
    expect(await health(backend)).toEqual({
      configured: false,
      stale: false,
    });
    await backend.stop();
  });
});

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>(resolve => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  await new Promise(resolve => listener.close(resolve));
  return port;
}
