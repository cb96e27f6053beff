import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { SQUAD, startSquadBackend } from './__testUtils__/backend';

jest.setTimeout(60_000);

describe('release and dead-letter events', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start() {
    const knex = await databases.init('SQLITE_3');
    return startSquadBackend({
      knex,
      config: {
        squadOverview: {
          deadLetterSpike: { threshold: 10, windowMinutes: 15 },
        },
      },
    });
  }

  async function pulse(server: any) {
    const res = await request(server)
      .get('/api/squad-overview/squads/default/squad-gemini/pulse')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body.items;
  }

  it('shows a release recorded by release-status, by whom, once', async () => {
    const { server, publish, sent } = await start();
    const released = {
      // The release manager's name of term-deposit (its annotation).
      service: 'term-deposit-api',
      environment: 'prod',
      version: 'master-1c1508405e-67e9d69164',
      actor: 'Jenkins',
      at: '2026-12-01T09:00:00.000Z',
    };
    await publish('release-status.released', released);
    await publish('release-status.released', released);
    await publish('release-status.released', {
      service: 'unknown-svc',
      environment: 'prod',
      version: 'x',
    });
    const items = await pulse(server);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'released',
        service: 'term-deposit',
        actor: 'Jenkins',
        summary:
          'term-deposit master-1c1508405e-67e9d69164 released to prod by Jenkins',
        at: '2026-12-01T09:00:00.000Z',
      }),
    ]);
    expect(sent.signals).toHaveLength(1);
  });

  it('says how many high vulnerabilities a release carries, when it was scanned', async () => {
    const { server, publish } = await start();
    const released = (n: number, vulnerabilities?: object) =>
      publish('release-status.released', {
        service: 'term-deposit-api',
        environment: 'prod',
        version: `master-${n}`,
        actor: 'Jane',
        at: `2026-12-01T09:0${n}:00.000Z`,
        ...(vulnerabilities && { vulnerabilities }),
      });
    await released(1, { critical: 0, high: 0, medium: 2, low: 5 });
    await released(2, { critical: 0, high: 1, medium: 0, low: 0 });
    await released(3, { critical: 1, high: 3, medium: 0, low: 0 });
    await released(4); // no figures sent: no claim either way
    await released(5, { high: 'lots' }); // malformed figures: none shown
    const summaries = (await pulse(server)).map((i: any) => i.summary);
    expect(summaries).toEqual([
      'term-deposit master-5 released to prod by Jane',
      'term-deposit master-4 released to prod by Jane',
      'term-deposit master-3 released to prod by Jane with 3 high and 1 critical vulnerabilities',
      'term-deposit master-2 released to prod by Jane with 1 high vulnerability',
      'term-deposit master-1 released to prod by Jane with 0 high vulnerabilities',
    ]);
  });

  it('notifies the owning squad once per window when dead letters spike', async () => {
    const { server, publish, sent } = await start();
    const stored = (count: number, environment = 'prod') =>
      publish('dead-letter.stored', {
        service: 'payments',
        environment,
        count,
      });
    await stored(6);
    expect(sent.notifications).toHaveLength(0);
    await stored(5); // 11 within the window: a spike
    await stored(20); // still the same window: no second notification
    await stored(3, 'dev'); // another environment, under the threshold
    expect(sent.notifications).toEqual([
      {
        recipients: { type: 'entity', entityRef: SQUAD },
        payload: expect.objectContaining({
          title: 'Dead letters spiked: payments in prod',
          link: '/catalog/default/component/payments/dead-letter?environment=prod',
        }),
      },
    ]);
    const items = await pulse(server);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'dead-letters-spiked',
        service: 'payments',
        summary: '11 new dead letters for payments in prod within 15 minutes',
        url: '/catalog/default/component/payments/dead-letter?environment=prod',
      }),
    ]);
    // A malformed event is ignored, nothing breaks.
    await publish('dead-letter.stored', { service: 42 } as any);
    expect(await pulse(server)).toHaveLength(1);
  });
});
