import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { applyMigrations, KnexPulseStore } from '../database/KnexPulseStore';
import { PulseRecorder } from '../service/PulseRecorder';
import { SquadDirectory } from '../service/SquadDirectory';
import { DeadLetterSpikes } from './deadLetterSpikes';
import { createTemplateCreationPoller } from './templateCreations';

jest.setTimeout(60_000);

const SQUAD = 'group:default/squad-gemini';
const owned = (name: string): any => ({
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      annotations: {
        'backstage.io/source-template': 'template:default/node-service',
      },
    },
  } as Entity,
  squad: SQUAD,
  service: name,
});

describe('pulse sources', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'two replicas seeing the same spike notify once (%p)',
    async id => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const store = new KnexPulseStore(knex);
      const notifications: unknown[] = [];
      const directory = {
        findByServiceName: async (service: string) => owned(service),
      } as unknown as SquadDirectory;
      const replica = () =>
        new DeadLetterSpikes({
          store,
          recorder: new PulseRecorder(
            store,
            { publish: async () => {} },
            mockServices.logger.mock(),
          ),
          directory,
          notifications: {
            send: async (n: unknown) => {
              notifications.push(n);
            },
          },
          logger: mockServices.logger.mock(),
          settings: { threshold: 10, windowMinutes: 15 },
        });
      const [a, b] = [replica(), replica()];
      await a.onStored({ service: 'payments', environment: 'prod', count: 9 });
      // Both replicas receive a stored event that crosses the threshold.
      await Promise.all([
        a.onStored({ service: 'payments', environment: 'prod', count: 2 }),
        b.onStored({ service: 'payments', environment: 'prod', count: 2 }),
      ]);
      expect(notifications).toHaveLength(1);
    },
  );

  it('records a component created from a template after the first poll', async () => {
    const knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    const store = new KnexPulseStore(knex);
    let existing = [owned('old-service')];
    const directory = {
      listTemplated: async () => existing,
    } as unknown as SquadDirectory;
    const poll = createTemplateCreationPoller({
      directory,
      recorder: new PulseRecorder(
        store,
        { publish: async () => {} },
        mockServices.logger.mock(),
      ),
      logger: mockServices.logger.mock(),
    });
    await poll();
    existing = [...existing, owned('new-service')];
    await poll();
    await poll();
    const { items } = await store.page({ squad: SQUAD, limit: 10 });
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'service-created',
        service: 'new-service',
        summary: 'new-service created from the template node-service',
        url: '/catalog/default/component/new-service',
      }),
    ]);
  });
});
