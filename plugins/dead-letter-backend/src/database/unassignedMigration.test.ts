import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseDeadLetterStore } from './DatabaseDeadLetterStore';
import { incoming, migrationsDir } from '../__testUtils__/db';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the unassigned-service migration on %p',
  databaseId => {
    it('moves dead letters stored under a queue name to ~unassigned, with their counters, and back down, losing none', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      // Back to before it, and store what the old fallback stored.
      await knex.migrate.down({ directory: migrationsDir });
      const store = new DatabaseDeadLetterStore(knex);
      const day = new Date(Date.UTC(2026, 11, 1, 10));
      await store.insertBatch([
        // No x-death: the service was named after the dead-letter queue.
        incoming({
          queue: 'dead-letters',
          service: 'dead-letters',
          diedAt: day,
        }),
        incoming({
          queue: 'dead-letters',
          service: 'dead-letters',
          diedAt: day,
        }),
        // An original queue the rule did not match: named after it.
        incoming({
          queue: 'plain',
          service: 'plain',
          error: 'boom',
          diedAt: day,
        }),
        // A real service, untouched.
        incoming({ service: 'term-deposit', diedAt: day }),
      ]);
      const before = await store.list({}, { offset: 0, limit: 10 });

      await knex.migrate.latest({ directory: migrationsDir });
      const after = await store.list({}, { offset: 0, limit: 10 });
      expect(after.totalCount).toBe(before.totalCount);
      expect(after.items.map(i => i.service).sort()).toEqual([
        'term-deposit',
        '~unassigned',
        '~unassigned',
        '~unassigned',
      ]);
      expect(
        (await store.serviceCounts('dev')).map(c => [c.service, c.count]),
      ).toEqual(
        expect.arrayContaining([
          ['~unassigned', 3],
          ['term-deposit', 1],
        ]),
      );
      expect(await store.serviceCounts('dev')).toHaveLength(2);
      expect(
        await store.errorCounts({ services: ['~unassigned'] }, 10),
      ).toEqual(
        expect.arrayContaining([
          { error: 'rejected', count: 2 },
          { error: 'boom', count: 1 },
        ]),
      );
      const daily = await store.dailyCounts({ since: '2026-12-01' });
      expect(daily.map(d => [d.service, d.day, d.count]).sort()).toEqual([
        ['term-deposit', '2026-12-01', 1],
        ['~unassigned', '2026-12-01', 3],
      ]);

      await knex.migrate.down({ directory: migrationsDir });
      expect(
        (await store.serviceCounts('dev'))
          .map(c => [c.service, c.count])
          .sort(),
      ).toEqual([
        ['dead-letters', 2],
        ['plain', 1],
        ['term-deposit', 1],
      ]);
      expect((await store.list({}, { offset: 0, limit: 10 })).totalCount).toBe(
        4,
      );
    });
  },
);
