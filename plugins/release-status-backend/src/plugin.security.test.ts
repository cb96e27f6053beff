import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { releaseStatusPlugin } from './plugin';
import { clockServiceRef } from './service/clock';

jest.setTimeout(60_000);

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const entities = [
  component('authentication', 'squad-nasa'),
  component('user', 'squad-nasa'),
  component('product', 'squad-nasa'),
  component('cards', 'squad-gemini'),
];

const DAY = 24 * 60 * 60 * 1000;
const DAY1 = Date.parse('2026-12-01T10:00:00Z');

describe('security figures', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function start(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    // The plugin's clock, moved by the test instead of waiting for days.
    const clock = { time: DAY1, now: () => clock.time };
    const scheduler = mockServices.scheduler.mock();
    const backend = await startTestBackend({
      features: [
        releaseStatusPlugin,
        mockServices.database.factory({ knex }),
        scheduler.factory,
        createServiceFactory({
          service: clockServiceRef,
          deps: {},
          factory: () => clock,
        }),
        mockServices.rootConfig.factory({
          data: {
            releaseStatus: {
              environments: ['dev', 'staging', 'prod'],
              security: {
                schedule: {
                  frequency: { minutes: 15 },
                  timeout: { minutes: 2 },
                },
              },
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const task = () => {
      const call = scheduler.scheduleTask.mock.calls.find(
        ([t]) => t.id === 'release-status-security-daily',
      );
      return call![0];
    };
    let n = 0;
    const ingest = (body: object) =>
      request(backend.server)
        .post('/api/release-status/releases')
        .set('Authorization', mockCredentials.service.header())
        .send({
          environment: 'prod',
          artifactId: `master-${String(++n).padStart(10, '0')}-67e9d69164`,
          ...body,
        });
    const security = async (squad: string, query = '') => {
      const res = await request(backend.server)
        .get(
          `/api/release-status/squads/${encodeURIComponent(
            squad,
          )}/security${query}`,
        )
        .set('Authorization', mockCredentials.user.header());
      return res;
    };
    return { backend, knex, clock, task, ingest, security };
  }

  it.each(databases.eachSupportedId())(
    'records critical counts, optional for older CI, %p',
    async databaseId => {
      const { backend, ingest } = await start(databaseId);
      const withCritical = await ingest({
        service: 'authentication',
        vulnerabilities: { critical: 2, high: 3, medium: 4, low: 5 },
      });
      expect(withCritical.status).toBe(201);
      expect(withCritical.body.release).toMatchObject({
        vulnerabilities: { critical: 2, high: 3, medium: 4, low: 5 },
        vulnerabilitiesReported: true,
      });

      // CI that has not heard of critical yet.
      const older = await ingest({
        service: 'user',
        vulnerabilities: { high: 1, medium: 0, low: 0 },
      });
      expect(older.status).toBe(201);
      expect(older.body.release.vulnerabilities).toEqual({
        critical: 0,
        high: 1,
        medium: 0,
        low: 0,
      });

      const status = await request(backend.server).get(
        '/api/release-status/services/authentication/status',
      );
      expect(status.body.environments[2].release.vulnerabilities).toEqual({
        critical: 2,
        high: 3,
        medium: 4,
        low: 5,
      });
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses bad vulnerability figures with a clear message and stores nothing, %p',
    async databaseId => {
      const { backend, knex, ingest } = await start(databaseId);
      const bad: Array<[unknown, RegExp]> = [
        [{ high: -1, medium: 0, low: 0 }, /vulnerabilities\/high.*>= 0/],
        [{ high: 'many', medium: 0, low: 0 }, /vulnerabilities\/high.*integer/],
        [
          { high: 0, medium: 0, low: 0, critical: 1e12 },
          /vulnerabilities\/critical.*<= 2147483647/,
        ],
        [
          { high: { n: 1 }, medium: 0, low: 0 },
          /vulnerabilities\/high.*integer/,
        ],
        [{ high: 1.5, medium: 0, low: 0 }, /vulnerabilities\/high.*integer/],
        ['lots', /vulnerabilities.*object/],
        [{ critical: 1 }, /vulnerabilities.*required property 'high'/],
      ];
      for (const [vulnerabilities, message] of bad) {
        const res = await ingest({
          service: 'authentication',
          vulnerabilities,
        });
        expect({ vulnerabilities, status: res.status }).toEqual({
          vulnerabilities,
          status: 400,
        });
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(message);
      }
      expect(await knex('releases').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      const [{ n }] = await knex('releases').count({ n: '*' });
      expect(Number(n)).toBe(0);
      expect(await knex('security_daily').select()).toEqual([]);
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'compares what runs in prod with yesterday, %p',
    async databaseId => {
      const { backend, clock, task, ingest, security } = await start(
        databaseId,
      );
      await ingest({
        service: 'authentication',
        vulnerabilities: { critical: 1, high: 12, medium: 0, low: 0 },
      });
      await ingest({
        service: 'user',
        vulnerabilities: { critical: 0, high: 3, medium: 2, low: 0 },
      });
      // Another environment, and a service without figures.
      await ingest({
        service: 'authentication',
        environment: 'dev',
        vulnerabilities: { critical: 9, high: 9, medium: 0, low: 0 },
      });
      await ingest({ service: 'product' });

      const first = await security('squad-nasa');
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        squad: 'group:default/squad-nasa',
        environment: 'prod',
        day: '2026-12-01',
        reported: true,
        services: [
          expect.objectContaining({
            service: 'authentication',
            entityRef: 'component:default/authentication',
            version: 'master-0000000001-67e9d69164',
            releasedAt: '2026-12-01T10:00:00.000Z',
            reported: true,
            now: { high: 12, critical: 1 },
          }),
          expect.objectContaining({
            service: 'user',
            reported: true,
            now: { high: 3, critical: 0 },
          }),
          expect.objectContaining({ service: 'product', reported: false }),
        ],
        // Nothing from the day before yet: no change to tell.
        totals: { now: { high: 15, critical: 1 } },
      });
      expect(first.body.services[0].yesterday).toBeUndefined();
      expect(first.body.services[2].now).toBeUndefined();

      // The next morning: the task carries yesterday's figure into today,
      // then a fix is released.
      clock.time = DAY1 + DAY - 2 * 60 * 60 * 1000;
      await task().fn(new AbortController().signal as any);
      const unchanged = await security('squad-nasa');
      expect(unchanged.body.day).toBe('2026-12-02');
      expect(unchanged.body.totals).toEqual({
        now: { high: 15, critical: 1 },
        yesterday: { high: 15, critical: 1 },
        change: { high: 0, critical: 0 },
      });

      clock.time = DAY1 + DAY;
      await ingest({
        service: 'authentication',
        vulnerabilities: { critical: 0, high: 2, medium: 0, low: 0 },
      });
      const better = await security('group:default/squad-nasa');
      expect(better.body.services[0]).toMatchObject({
        service: 'user',
        now: { high: 3, critical: 0 },
        yesterday: { high: 3, critical: 0 },
      });
      expect(better.body.services[1]).toMatchObject({
        service: 'authentication',
        now: { high: 2, critical: 0 },
        yesterday: { high: 12, critical: 1 },
      });
      expect(better.body.totals).toEqual({
        now: { high: 5, critical: 0 },
        yesterday: { high: 15, critical: 1 },
        change: { high: -10, critical: -1 },
      });

      // A day without the task (a backend down at midnight): yesterday is
      // the last day known, which is what ran at its end.
      clock.time = DAY1 + 3 * DAY;
      const later = await security('squad-nasa');
      expect(later.body.totals).toMatchObject({
        yesterday: { high: 5, critical: 0 },
        change: { high: 0, critical: 0 },
      });

      // Another environment on request.
      const dev = await security('squad-nasa', '?environment=dev');
      expect(dev.body.environment).toBe('dev');
      expect(dev.body.totals.now).toEqual({ high: 9, critical: 9 });
      const unknown = await security('squad-nasa', '?environment=qa');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/Unknown environment 'qa'/);
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'counts a release recorded late on the day it ran, %p',
    async databaseId => {
      const { backend, clock, ingest, security } = await start(databaseId);
      clock.time = DAY1 + 2 * DAY;
      // CI reports yesterday's release late, then today's fix.
      await ingest({
        service: 'authentication',
        releasedAt: new Date(DAY1 + DAY).toISOString(),
        vulnerabilities: { critical: 0, high: 12, medium: 0, low: 0 },
      });
      await ingest({
        service: 'authentication',
        vulnerabilities: { critical: 0, high: 2, medium: 0, low: 0 },
      });
      const res = await security('squad-nasa');
      expect(res.body.totals).toEqual({
        now: { high: 2, critical: 0 },
        yesterday: { high: 12, critical: 0 },
        change: { high: -10, critical: 0 },
      });

      // One even older that ran before yesterday's leaves yesterday alone.
      await ingest({
        service: 'authentication',
        releasedAt: new Date(DAY1).toISOString(),
        vulnerabilities: { critical: 5, high: 50, medium: 0, low: 0 },
      });
      expect((await security('squad-nasa')).body.totals.yesterday).toEqual({
        high: 12,
        critical: 0,
      });
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'says how to send figures when none have arrived, %p',
    async databaseId => {
      const { backend, task, ingest, security } = await start(databaseId);
      expect(task()).toMatchObject({
        frequency: { minutes: 15 },
        timeout: { minutes: 2 },
      });
      const none = await security('squad-gemini');
      expect(none.body).toMatchObject({
        squad: 'group:default/squad-gemini',
        reported: false,
        services: [{ service: 'cards', reported: false }],
        totals: { now: { high: 0, critical: 0 } },
        howToSend: expect.stringContaining('POST /api/release-status/releases'),
      });
      expect(none.body.howToSend).toContain('"vulnerabilities"');

      await ingest({ service: 'cards' });
      expect((await security('squad-gemini')).body.howToSend).toBeDefined();

      await ingest({
        service: 'cards',
        vulnerabilities: { high: 0, medium: 0, low: 0 },
      });
      const clean = await security('squad-gemini');
      expect(clean.body.howToSend).toBeUndefined();
      expect(clean.body.services[0]).toMatchObject({
        reported: true,
        now: { high: 0, critical: 0 },
      });
      await backend.stop();
    },
  );
});
