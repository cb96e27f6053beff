import { TestDatabases } from '@backstage/backend-test-utils';
import {
  applyMigrations,
  KnexPulseStore,
  revertMigrations,
} from './KnexPulseStore';

jest.setTimeout(60_000);

describe('KnexPulseStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function store(id: any) {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    return { knex, store: new KnexPulseStore(knex) };
  }

  const entry = (n: number, at: number, squad = 'group:default/a') => ({
    sourceId: `test:${n}`,
    squad,
    service: 'payments',
    kind: 'pr-opened' as const,
    summary: `entry ${n}`,
    at,
  });

  it.each(databases.eachSupportedId())(
    'pages newest first without gaps or repeats, also for equal times (%p)',
    async id => {
      const { store: s } = await store(id);
      // 7 entries, three of them at the same millisecond.
      const times = [1000, 2000, 3000, 3000, 3000, 4000, 5000];
      for (const [i, at] of times.entries()) {
        await s.add(entry(i, at));
      }
      await s.add(entry(99, 9999, 'group:default/other'));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await s.page({
          squad: 'group:default/a',
          before: cursor,
          limit: 3,
        });
        seen.push(...page.items.map(i => i.summary));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([
        'entry 6',
        'entry 5',
        'entry 4',
        'entry 3',
        'entry 2',
        'entry 1',
        'entry 0',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores a source id once and removes what is older than the retention (%p)',
    async id => {
      const { store: s, knex } = await store(id);
      expect(await s.add(entry(1, 1000))).toBeDefined();
      expect(
        await s.add({ ...entry(1, 2000), summary: 'again' }),
      ).toBeUndefined();
      await s.add(entry(2, 5000));
      await s.addDeadLetters({
        service: 'payments',
        environment: 'dev',
        count: 3,
        at: 1000,
        since: 0,
      });
      const removed = await s.cleanup({
        pulseBefore: 3000,
        deadLettersBefore: 3000,
      });
      expect(removed).toEqual({ pulse: 1, deadLetters: 1 });
      const page = await s.page({ squad: 'group:default/a', limit: 10 });
      expect(page.items.map(i => i.summary)).toEqual(['entry 2']);
      await revertMigrations(knex);
      expect(await knex.schema.hasTable('squad_overview_pulse')).toBe(false);
    },
  );

  it('refuses a cursor it did not make', async () => {
    const { store: s } = await store('SQLITE_3');
    await expect(
      s.page({ squad: 'group:default/a', before: 'bm9wZQ', limit: 5 }),
    ).rejects.toThrow(/cursor/);
  });
});
