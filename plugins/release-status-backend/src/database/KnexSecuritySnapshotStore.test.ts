import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { applyMigrations } from './KnexReleaseStore';
import { KnexSecuritySnapshotStore } from './KnexSecuritySnapshotStore';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@internal/backstage-plugin-release-status-backend',
  'migrations',
);
const MIGRATION = '20261206200000_vulnerabilities_critical.js';

function oldRow(artifactId: string, high: number) {
  return {
    service: 'authentication',
    environment: 'prod',
    artifact_id: artifactId,
    released_at: 1,
    source: 'ingest',
    vulnerabilities_high: high,
    recorded_at: 1,
    updated_at: 1,
  };
}

describe('KnexSecuritySnapshotStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'migrates critical counts and daily figures up and down again, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Up to the migration before, with rows recorded then.
      await knex.migrate.up({ directory });
      await knex.migrate.up({ directory });
      expect(await knex.schema.hasTable('security_daily')).toBe(false);
      await knex('releases').insert([oldRow('a', 4), oldRow('b', 0)]);

      await knex.migrate.up({ directory, name: MIGRATION });
      expect(await knex.schema.hasTable('security_daily')).toBe(true);
      // Findings mean figures were sent; all zeros cannot tell.
      const rows = await knex('releases')
        .select(
          'artifact_id',
          'vulnerabilities_critical',
          'vulnerabilities_reported',
        )
        .orderBy('artifact_id');
      expect(
        rows.map(r => [
          r.artifact_id,
          Number(r.vulnerabilities_critical),
          Boolean(r.vulnerabilities_reported),
        ]),
      ).toEqual([
        ['a', 0, true],
        ['b', 0, false],
      ]);

      await knex.migrate.down({ directory, name: MIGRATION });
      expect(await knex.schema.hasTable('security_daily')).toBe(false);
      expect(
        await knex.schema.hasColumn('releases', 'vulnerabilities_critical'),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn('releases', 'vulnerabilities_reported'),
      ).toBe(false);
      expect(await knex('releases').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      const [{ n }] = await knex('releases').count({ n: '*' });
      expect(Number(n)).toBe(2);

      await applyMigrations(knex);
      expect(
        await knex.schema.hasColumn('releases', 'vulnerabilities_critical'),
      ).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps one figure per day and finds the latest before a day, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      const store = new KnexSecuritySnapshotStore(knex, () => 1);
      const put = (
        service: string,
        day: string,
        high: number,
        environment = 'prod',
      ) =>
        store.put({
          service,
          environment,
          day,
          high,
          critical: 1,
          reported: true,
        });

      await put('authentication', '2026-11-29', 20);
      await put('authentication', '2026-11-30', 12);
      await put('authentication', '2026-11-30', 11); // later that day
      await put('authentication', '2026-12-01', 2);
      await put('authentication', '2026-11-30', 99, 'dev');
      await put('user', '2026-11-28', 3);
      await put('product', '2026-12-01', 7);

      const before = await store.latestBefore(
        ['authentication', 'user', 'product', 'cards'],
        'prod',
        '2026-12-01',
      );
      expect(Object.fromEntries(before)).toEqual({
        authentication: expect.objectContaining({
          day: '2026-11-30',
          high: 11,
        }),
        user: expect.objectContaining({ day: '2026-11-28', high: 3 }),
      });
      expect(await store.latestBefore([], 'prod', '2026-12-01')).toEqual(
        new Map(),
      );

      expect(await store.deleteBefore('2026-11-30')).toBe(2);
      const left = await store.latestBefore(
        ['authentication', 'user'],
        'prod',
        '2026-12-01',
      );
      expect([...left.keys()]).toEqual(['authentication']);
    },
  );
});
