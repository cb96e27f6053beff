import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import type { Server } from 'node:http';
import { DatabaseDeadLetterStore } from './database/DatabaseDeadLetterStore';
import { start } from './__testUtils__/backend';
import { incoming, migrate, migrationsDir } from './__testUtils__/db';
import { waitFor } from './__testUtils__/rabbit';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const API = '/api/dead-letter/dead-letters';

describe.each(databases.eachSupportedId())(
  'bulk actions, error counts and trends on %p',
  databaseId => {
    let knex: Knex;
    let store: DatabaseDeadLetterStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await migrate(knex);
      store = new DatabaseDeadLetterStore(knex);
    });

    async function seed(count: number, error: string | null, extra = {}) {
      for (let i = 0; i < count; i += 500) {
        await store.insertBatch(
          Array.from({ length: Math.min(500, count - i) }, () =>
            incoming({ error, ...extra }),
          ),
        );
      }
    }

    async function finished(server: Server, id: string) {
      let job: any;
      await waitFor(async () => {
        job = (await request(server).get(`${API}/bulk/${id}`)).body;
        return job.state !== 'running';
      }, 30_000);
      return job;
    }

    const errorsOf = async (server: Server, query: string) =>
      (await request(server).get(`${API}/errors?${query}`)).body.items;

    it('deletes every message matching a filter across pages, up to what the user saw', async () => {
      await seed(1234, 'Timeout');
      await seed(30, 'Bad JSON');
      await seed(10, 'Timeout', { service: 'accounts', queue: 'q_accounts' });
      const server = await start({ knex });
      const filter = {
        environment: 'dev',
        service: 'term-deposit',
        error: 'Timeout',
      };
      const seen = await request(server).get(
        `${API}?environment=dev&service=term-deposit&error=Timeout`,
      );
      expect(seen.body.totalCount).toBe(1234);
      // Arrives after the user confirmed: not part of the action.
      await seed(5, 'Timeout');

      const started = await request(server).post(`${API}/bulk`).send({
        action: 'delete',
        filter,
        upToId: seen.body.newestId,
        expectedCount: 1234,
      });
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({ action: 'delete', total: 1234 });
      const job = await finished(server, started.body.id);
      expect(job).toMatchObject({
        state: 'done',
        total: 1234,
        processed: 1234,
        succeeded: 1234,
        failed: 0,
        failures: [],
      });

      const left = await request(server).get(
        `${API}?environment=dev&service=term-deposit&error=Timeout`,
      );
      expect(left.body.totalCount).toBe(5);
      // The error grouping (from the counters) follows the deletes.
      expect(
        await errorsOf(server, 'environment=dev&service=term-deposit'),
      ).toEqual([
        { error: 'Bad JSON', count: 30 },
        { error: 'Timeout', count: 5 },
      ]);
      // Other services are untouched.
      expect(
        await errorsOf(server, 'environment=dev&service=accounts'),
      ).toEqual([{ error: 'Timeout', count: 10 }]);
      const audit = await request(server).get(
        '/api/dead-letter/dead-letters/audit?service=term-deposit&limit=500',
      );
      const audited = audit.body.items.flatMap((a: any) => a.messageIds);
      expect(audited).toHaveLength(1234);
    });

    it('refuses when more messages match than were confirmed, and changes nothing', async () => {
      await seed(20, 'Timeout');
      const server = await start({ knex });
      const seen = await request(server).get(
        `${API}?environment=dev&service=term-deposit`,
      );
      const res = await request(server)
        .post(`${API}/bulk`)
        .send({
          action: 'delete',
          filter: { environment: 'dev', service: 'term-deposit' },
          upToId: seen.body.newestId,
          expectedCount: 19,
        });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /20 messages match now, more than the 19 you confirmed; nothing was changed/,
      );
      expect((await store.list({}, { offset: 0, limit: 1 })).totalCount).toBe(
        20,
      );
    });

    it('refuses a bulk action on a service the caller may not change, and bad requests', async () => {
      await seed(3, 'Timeout');
      // Allowed on accounts only (the mock decides by entity, not action).
      const server = await start({
        knex,
        readable: ['component:default/accounts'],
      });
      const denied = await request(server)
        .post(`${API}/bulk`)
        .send({
          action: 'redeliver',
          filter: { environment: 'dev', service: 'term-deposit' },
          upToId: '999999',
        });
      expect(denied.status).toBe(403);
      expect((await store.list({}, { offset: 0, limit: 1 })).totalCount).toBe(
        3,
      );
      const noService = await request(server)
        .post(`${API}/bulk`)
        .send({
          action: 'delete',
          filter: { environment: 'dev' },
          upToId: '1',
        });
      expect(noService.status).toBe(400);
      const badAction = await request(server)
        .post(`${API}/bulk`)
        .send({
          action: 'purge',
          filter: { environment: 'dev', service: 'term-deposit' },
          upToId: '1',
        });
      expect(badAction.status).toBe(400);
      const unknown = await request(server).get(`${API}/bulk/424242`);
      expect(unknown.status).toBe(404);
    });

    it('counts dead letters per day per service for 14 days, with the owning squad', async () => {
      const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
      await seed(4, 'Timeout', { diedAt: daysAgo(0) });
      await seed(2, 'Timeout', { diedAt: daysAgo(3) });
      await seed(7, 'Timeout', { diedAt: daysAgo(20) });
      await seed(1, 'x', {
        service: 'accounts',
        queue: 'q_accounts',
        diedAt: daysAgo(1),
      });
      const server = await start({ knex });
      const res = await request(server).get(`${API}/trends?environment=dev`);
      expect(res.status).toBe(200);
      expect(res.body.days).toHaveLength(14);
      expect(res.body.days[13]).toBe(new Date().toISOString().slice(0, 10));
      const termDeposit = res.body.series.find(
        (s: any) => s.service === 'term-deposit',
      );
      expect(termDeposit.squad).toBe('group:default/squad-nasa');
      expect(termDeposit.counts[13]).toBe(4);
      expect(termDeposit.counts[10]).toBe(2);
      // 20 days ago is outside the window.
      expect(termDeposit.counts.reduce((a: number, b: number) => a + b)).toBe(
        6,
      );
      expect(
        res.body.series.find((s: any) => s.service === 'accounts').counts[12],
      ).toBe(1);
      // Deleting does not rewrite history.
      await store.delete(
        (await store.list({}, { offset: 0, limit: 100 })).items.map(i => i.id),
      );
      const after = await request(server).get(`${API}/trends?environment=dev`);
      expect(after.body.series).toEqual(res.body.series);
      // Only what the caller may read.
      const limited = await start({
        knex,
        readable: ['component:default/accounts'],
      });
      const mine = await request(limited).get(`${API}/trends`);
      expect(mine.body.series.map((s: any) => s.service)).toEqual(['accounts']);
    });

    it('fills the counters from messages stored before they existed', async () => {
      await seed(3, 'Timeout', { diedAt: new Date() });
      await seed(2, null, { diedAt: new Date() });
      // Down to before the counters migration (later ones come off first).
      for (let i = 0; i < 5; i++) {
        if (!(await knex.schema.hasTable('dead_letter_error_counts'))) break;
        await knex.migrate.down({ directory: migrationsDir });
      }
      expect(await knex.schema.hasTable('dead_letter_error_counts')).toBe(
        false,
      );
      await knex.migrate.latest({ directory: migrationsDir });
      const server = await start({ knex });
      expect(
        await errorsOf(server, 'environment=dev&service=term-deposit'),
      ).toEqual([
        { error: 'Timeout', count: 3 },
        { error: null, count: 2 },
      ]);
      const trends = await request(server).get(`${API}/trends`);
      expect(trends.body.series[0].counts[13]).toBe(5);
    });
  },
);
