import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { applyMigrations } from './KnexReleaseStore';
import { KnexReleaseManagerContactStore } from './KnexReleaseManagerContactStore';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@internal/backstage-plugin-release-status-backend',
  'migrations',
);
const T0 = Date.parse('2026-12-01T06:00:00Z');

describe('KnexReleaseManagerContactStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'migrates its table up and down again without touching releases, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      const store = new KnexReleaseManagerContactStore(knex);
      await store.recordReached(T0);
      expect(await knex.schema.hasTable('release_manager_contact')).toBe(true);

      // Only this migration is undone.
      await knex.migrate.down({
        directory,
        name: '20261201060000_release_manager_contact.js',
      });
      expect(await knex.schema.hasTable('release_manager_contact')).toBe(false);
      expect(await knex.schema.hasTable('releases')).toBe(true);

      await knex.migrate.up({ directory });
      expect(await store.get()).toEqual({});
      await store.recordReached(T0);
      expect(await store.get()).toEqual({ lastReachedAt: T0 });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps one row: the last success and the last failure, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      const store = new KnexReleaseManagerContactStore(knex);

      await store.recordFailure('fetch failed: connect ECONNREFUSED', T0);
      expect(await store.get()).toEqual({
        lastError: { message: 'fetch failed: connect ECONNREFUSED', at: T0 },
      });

      await store.recordReached(T0 + 1000);
      await store.recordReached(T0 + 2000);
      await store.recordFailure('x'.repeat(5000), T0 + 3000);
      expect(await store.get()).toEqual({
        lastReachedAt: T0 + 2000,
        // A whole error page is cut short.
        lastError: { message: 'x'.repeat(1000), at: T0 + 3000 },
      });
      const [{ n }] = await knex('release_manager_contact').count({ n: '*' });
      expect(Number(n)).toBe(1);
    },
  );
});
