import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  applyMigrations,
  DatabaseAccessStore,
} from '../database/DatabaseAccessStore';
import {
  lifecycleFor,
  settingsFor,
  testPrefix,
} from '../__testUtils__/postgres';
import { AuditTrail } from './AuditTrail';
import { DatabaseCatalog } from './DatabaseCatalog';
import { DefaultDatabaseAccessService } from './DefaultDatabaseAccessService';
import { Notifier } from './Notifier';

// A catalog can hold a database Resource whose owner is gone (its relation
// is missing): nobody could approve, so the request is refused up front.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('DefaultDatabaseAccessService', () => {
  it('refuses a database with no owner, with an audit entry and no request', async () => {
    const knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    const store = new DatabaseAccessStore(knex);
    const settings = settingsFor(testPrefix());
    const logger = mockServices.logger.mock();
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: { name: 'legacy-db', namespace: 'default' },
          spec: { type: 'database' },
        },
      ],
    });
    const service = new DefaultDatabaseAccessService({
      settings,
      store,
      lifecycle: lifecycleFor(store, settings, new Map()),
      catalog: new DatabaseCatalog({ catalog, auth: mockServices.auth() }),
      permissions: mockServices.permissions(),
      userInfo: mockServices.userInfo(),
      audit: new AuditTrail({
        store,
        auditor: mockServices.auditor.mock(),
        logger,
      }),
      notifier: new Notifier({ logger }),
      logger,
    });
    const credentials = mockCredentials.user('user:default/demo-developer');
    await expect(
      service.create(
        {
          database: 'resource:default/legacy-db',
          environment: 'local',
          level: 'read',
          reason: 'Looking at an old ledger entry',
          durationMinutes: 30,
        },
        credentials,
      ),
    ).rejects.toThrow(
      'resource:default/legacy-db has no owner in the catalog, so nobody can approve access to it',
    );
    expect(
      await store.listRequests({
        requester: 'user:default/demo-developer',
        limit: 5,
      }),
    ).toEqual([]);
    const [entry] = await store.listAudit({ limit: 1 });
    expect(entry).toMatchObject({
      action: 'request-refused',
      actor: 'user:default/demo-developer',
      database: 'resource:default/legacy-db',
      detail: expect.stringMatching(/has no owner/),
    });
  });

  it('says so when the catalog cannot be asked', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: async () => {
        throw new Error('Request failed with 503 Service Unavailable');
      },
    });
    const resolver = new DatabaseCatalog({
      catalog,
      auth: mockServices.auth(),
    });
    await expect(
      resolver.resolve('resource:default/term-deposit-db'),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'Could not look resource:default/term-deposit-db up in the catalog (Request failed with 503 Service Unavailable); try again shortly',
    });
  });
});
