import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  applyMigrations,
  KnexReleaseStore,
  revertMigrations,
} from './KnexReleaseStore';
import { ReleaseRecord } from '../types';

jest.setTimeout(60_000);

const T0 = Date.parse('2026-11-20T10:00:00Z');
const MINUTE = 60_000;

const base: ReleaseRecord = {
  service: 'term-deposit',
  environment: 'dev',
  artifactId: 'master-1c1508405e-67e9d69164',
  releasedAt: T0,
  source: 'amqp',
};

describe('KnexReleaseStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyMigrations(knex);
    return { knex, store: new KnexReleaseStore(knex, 10 * MINUTE) };
  }

  it.each(databases.eachSupportedId())(
    'migrates up and down again, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      expect(await knex.schema.hasTable('releases')).toBe(true);
      await revertMigrations(knex);
      expect(await knex.schema.hasTable('releases')).toBe(false);
      await applyMigrations(knex);
      expect(await knex.schema.hasTable('releases')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores the same release from two sources once, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);

      // The event arrives first, with the time it was received ...
      const fromEvent = await store.record({
        ...base,
        releasedAt: T0 + 4_000,
        author: 'Kasper',
        intent: 'promote',
      });
      expect(fromEvent.created).toBe(true);

      // ... then the backfill reads the release manager's own record of it.
      const fromBackfill = await store.record({
        ...base,
        source: 'release-manager',
        releasedAt: T0,
        releasedAtExact: true,
        sha: '1c1508405e8f4fd2a1b0f2c5e6d7a8b9c0d1e2f3',
        releasedBy: 'Emil',
        message: 'Add term deposits',
        vulnerabilities: { high: 1, medium: 2, low: 3 },
        intent: 'promote',
      });
      expect(fromBackfill.created).toBe(false);

      // ... and CI reports it too.
      const fromCi = await store.record({
        ...base,
        source: 'ingest',
        releasedAt: T0 + 30_000,
        buildUrl: 'https://jenkins.example.com/job/1',
      });
      expect(fromCi.created).toBe(false);

      const history = await store.history('term-deposit', { limit: 10 });
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        source: 'amqp',
        releasedAt: T0,
        sha: '1c1508405e8f4fd2a1b0f2c5e6d7a8b9c0d1e2f3',
        author: 'Kasper',
        releasedBy: 'Emil',
        message: 'Add term deposits',
        buildUrl: 'https://jenkins.example.com/job/1',
        vulnerabilities: { high: 1, medium: 2, low: 3 },
        intent: 'promote',
        failed: false,
      });

      // The backfill running again changes nothing.
      const again = await store.record({
        ...base,
        source: 'release-manager',
        releasedAt: T0,
        releasedAtExact: true,
      });
      expect(again.created).toBe(false);
      expect(await store.history('term-deposit', { limit: 10 })).toHaveLength(
        1,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps re-releases of one artifact apart, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const exact = {
        ...base,
        source: 'release-manager' as const,
        releasedAtExact: true,
      };
      await store.record({ ...exact, releasedAt: T0 });
      await store.record({
        ...exact,
        artifactId: 'master-aaaaaaaaaa-67e9d69164',
        releasedAt: T0 + 2 * MINUTE,
      });
      // Rolled back to the first artifact three minutes later.
      await store.record({
        ...exact,
        releasedAt: T0 + 5 * MINUTE,
        intent: 'rollback',
      });
      // Released again a day later: outside any window.
      await store.record({ ...base, releasedAt: T0 + 24 * 60 * MINUTE });

      const history = await store.history('term-deposit', { limit: 10 });
      expect(history.map(r => [r.artifactId, r.releasedAt])).toEqual([
        [base.artifactId, T0 + 24 * 60 * MINUTE],
        [base.artifactId, T0 + 5 * MINUTE],
        ['master-aaaaaaaaaa-67e9d69164', T0 + 2 * MINUTE],
        [base.artifactId, T0],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'reports current releases per environment, skipping failed ones, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.record({ ...base, releasedAt: T0 });
      await store.record({
        ...base,
        artifactId: 'master-bbbbbbbbbb-67e9d69164',
        releasedAt: T0 + 60 * MINUTE,
      });
      await store.record({
        ...base,
        environment: 'prod',
        releasedAt: T0 + MINUTE,
      });

      expect((await store.current('term-deposit', 'dev'))?.artifactId).toBe(
        'master-bbbbbbbbbb-67e9d69164',
      );

      expect(
        await store.markFailed({
          environment: 'dev',
          artifactId: 'master-bbbbbbbbbb-67e9d69164',
        }),
      ).toBe(true);
      expect(
        await store.markFailed({ environment: 'dev', artifactId: 'unknown' }),
      ).toBe(false);

      expect((await store.current('term-deposit', 'dev'))?.artifactId).toBe(
        base.artifactId,
      );
      expect((await store.current('term-deposit', 'prod'))?.releasedAt).toBe(
        T0 + MINUTE,
      );
      expect(await store.current('term-deposit', 'staging')).toBeUndefined();
      expect(
        await store.history('term-deposit', { environment: 'dev', limit: 1 }),
      ).toEqual([
        expect.objectContaining({
          artifactId: 'master-bbbbbbbbbb-67e9d69164',
          failed: true,
        }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses what it can never store, with the reason, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      const NOW = T0 + 60 * MINUTE;
      const store = new KnexReleaseStore(knex, 10 * MINUTE, {
        maxClockSkewMs: 5 * MINUTE,
        now: () => NOW,
      });
      const refused: Array<[Partial<ReleaseRecord>, RegExp]> = [
        [{ releasedAt: NOW + 6 * MINUTE }, /in the future/],
        [{ releasedAt: NaN }, /releasedAt/],
        // eslint-disable-next-line no-script-url -- a link we must refuse
        [{ buildUrl: 'javascript:alert(1)' }, /buildUrl.*http/],
        [{ buildUrl: 'data:text/html,<script>' }, /buildUrl.*http/],
        [{ service: 's'.repeat(256) }, /'service' is longer than 255/],
        [{ environment: '' }, /'environment' is missing/],
        [{ artifactId: 'a'.repeat(256) }, /'artifactId' is longer than 255/],
        [{ sha: 'f'.repeat(65) }, /'sha' is longer than 64/],
        [{ squad: 'q'.repeat(256) }, /'squad' is longer than 255/],
        [{ committerEmail: 'e'.repeat(256) }, /'committerEmail'/],
        [{ author: 42 as any }, /'author' must be a string/],
        [{ intent: 'deploy' as any }, /intent/],
        [{ vulnerabilities: { high: -1, medium: 0, low: 0 } }, /vulnerab/],
        // What an AMQP event may carry; the HTTP schema refuses these first.
        [
          { vulnerabilities: { high: '3', medium: 0, low: 0 } as any },
          /vulnerabilities.high must be a whole number.*the string '3'/,
        ],
        [
          {
            vulnerabilities: { high: 0, medium: 0, low: 0, critical: 2 ** 40 },
          },
          /vulnerabilities.critical must be a whole number from 0 to 2147483647/,
        ],
        [
          { vulnerabilities: { high: {}, medium: 0, low: 0 } as any },
          /vulnerabilities.high.*an object/,
        ],
        [
          { vulnerabilities: 'lots' as any },
          /'vulnerabilities' must be an object/,
        ],
      ];
      for (const [change, reason] of refused) {
        await expect(store.record({ ...base, ...change })).rejects.toThrow(
          reason,
        );
        await expect(
          store.record({ ...base, ...change }),
        ).rejects.toMatchObject({ name: 'InputError' });
      }
      expect(await store.history(base.service, { limit: 10 })).toEqual([]);

      // Within the clock skew, with a link and the longest fields.
      const stored = await store.record({
        ...base,
        releasedAt: NOW + 4 * MINUTE,
        buildUrl: 'https://jenkins.example.com/job/1',
        squad: 'q'.repeat(255),
        sha: 'f'.repeat(64),
      });
      expect(stored.created).toBe(true);
    },
  );
});
