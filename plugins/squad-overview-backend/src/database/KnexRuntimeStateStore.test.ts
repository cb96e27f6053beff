import { TestDatabases } from '@backstage/backend-test-utils';
import { applyMigrations, revertMigrations } from './KnexPulseStore';
import { KnexRuntimeStateStore } from './KnexRuntimeStateStore';

jest.setTimeout(60_000);

describe('KnexRuntimeStateStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'keeps states per cluster, replaces and removes them (%p)',
    async id => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const store = new KnexRuntimeStateStore(knex);
      const many = Array.from({ length: 1200 }, (_, i) => ({
        key: `pod:default/p-${i}`,
        state: 'CrashLoopBackOff|',
        since: 1000,
      }));
      await store.save('prod', { put: many, remove: [] });
      await store.save('dev', {
        put: [{ key: 'service:user', state: 'failing', since: 5 }],
        remove: [],
      });
      await store.save('prod', {
        put: [{ key: 'pod:default/p-0', state: '|oom', since: 2000 }],
        remove: many.slice(1, 1000).map(m => m.key),
      });
      const prod = await store.load('prod');
      expect(prod.size).toBe(201);
      expect(prod.get('pod:default/p-0')).toEqual({
        state: '|oom',
        since: 2000,
      });
      expect(await store.load('dev')).toEqual(
        new Map([['service:user', { state: 'failing', since: 5 }]]),
      );

      await revertMigrations(knex);
      expect(await knex.schema.hasTable('squad_overview_k8s_states')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('squad_overview_k8s_notified')).toBe(
        false,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'grants a notification claim to one of two replicas, again after the period (%p)',
    async id => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const a = new KnexRuntimeStateStore(knex);
      const b = new KnexRuntimeStateStore(knex);
      const hour = 3_600_000;
      const first = await Promise.all([
        a.claim('crash-loop:user', 10_000, hour),
        b.claim('crash-loop:user', 10_000, hour),
      ]);
      expect(first.filter(Boolean)).toHaveLength(1);
      expect(await a.claim('crash-loop:user', 10_000 + hour - 1, hour)).toBe(
        false,
      );
      const later = await Promise.all([
        a.claim('crash-loop:user', 10_000 + hour, hour),
        b.claim('crash-loop:user', 10_000 + hour, hour),
      ]);
      expect(later.filter(Boolean)).toHaveLength(1);
      expect(await a.claim('crash-loop:other', 10_000, hour)).toBe(true);
    },
  );
});
