import { TestDatabases } from '@backstage/backend-test-utils';
import {
  applyMigrations,
  DatabaseAccessStore,
  revertMigrations,
} from './DatabaseAccessStore';
import { storedRequest } from '../__testUtils__/postgres';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe('DatabaseAccessStore', () => {
  it.each(databases.eachSupportedId())(
    'migrations go up, down and up again (%p)',
    async id => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      await revertMigrations(knex);
      expect(await knex.schema.hasTable('database_access_requests')).toBe(
        false,
      );
      await applyMigrations(knex);
      expect(await knex.schema.hasTable('database_access_audit')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'one approval per approver, one password per grant, access history by overlap (%p)',
    async id => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const store = new DatabaseAccessStore(knex);
      const request = await storedRequest(store);
      const approval = {
        requestId: request.id,
        approver: 'user:default/gina',
        comment: null,
        at: new Date(),
      };
      expect(await store.addApproval(approval)).toBe(true);
      expect(await store.addApproval(approval)).toBe(false);

      const from = new Date('2026-12-01T08:00:00Z');
      const until = new Date('2026-12-01T09:00:00Z');
      await store.insertGrant(
        {
          requestId: request.id,
          environment: 'local',
          databaseName: 'term_deposit',
          level: 'read',
          roleName: 'portal_access_x',
          mode: 'direct',
          state: 'active',
          validFrom: from,
          validUntil: until,
          credentialsIssued: false,
          commitSha: null,
          endedAt: null,
          endedBy: null,
          endReason: null,
        },
        'c',
      );
      expect(await store.markCredentialsIssued(request.id)).toBe(true);
      expect(await store.markCredentialsIssued(request.id)).toBe(false);

      const history = (f: object) => store.history({ limit: 10, ...f });
      expect(await history({ from: new Date('2026-12-01T08:30:00Z') })).toEqual(
        [
          expect.objectContaining({
            requestId: request.id,
            from: from.toISOString(),
            until: until.toISOString(),
            endedBy: null,
          }),
        ],
      );
      expect(await history({ from: new Date('2026-12-01T09:30:00Z') })).toEqual(
        [],
      );
      expect(await history({ to: new Date('2026-12-01T07:30:00Z') })).toEqual(
        [],
      );
      expect(await history({ user: 'user:default/someone-else' })).toEqual([]);
    },
  );
});
