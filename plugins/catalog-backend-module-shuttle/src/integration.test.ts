import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseClosedOnStop } from '@internal/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleShuttle } from './module';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';

const processingErrors: string[] = [];

// The real catalog backend (SQLite in memory) ingests a file location with a
// shuttle.yaml beside it, plus a directory of shuttle-only repositories.
jest.setTimeout(120_000);

describe('catalog + shuttle module', () => {
  const mockDir = createMockDirectory();

  beforeAll(() => {
    mockDir.setContent({
      'org.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: squad-gemini}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: rabbitmq}
spec: {type: message-broker, owner: squad-gemini}
`,
      'repos/term-deposit/catalog-info.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: term-deposit
spec:
  type: service
  lifecycle: production
`,
      'repos/term-deposit/shuttle.yaml': `
plan: git://git@github.com:lunarway/lw-shuttle-go-plan.git#v2
vars:
  service: term-deposit
  squad: gemini
  system: savings
  db: true
  rabbitmq: true
`,
      'repos/broken/catalog-info.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: broken
spec:
  type: service
  lifecycle: production
  owner: squad-gemini
`,
      'repos/broken/shuttle.yaml': 'plan: true\nvars: {squad: gemini}\n',
      'repos/lost-squad/catalog-info.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: lost-squad
spec:
  type: service
  lifecycle: production
`,
      'repos/lost-squad/shuttle.yaml': 'plan: false\nvars: {squad: nosuch}\n',
      'shuttle-repos/ledger-sync/shuttle.yaml':
        'plan: ../plan\nvars:\n  service: ledger-sync\n  squad: mercury\n  rabbitmq: true\n',
    });
  });

  it('takes owner, annotations and relations from shuttle.yaml', async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        databaseClosedOnStop,
        catalogModuleShuttle,
        createBackendModule({
          pluginId: 'catalog',
          moduleId: 'errors',
          register(reg) {
            reg.registerInit({
              deps: { p: catalogProcessingExtensionPoint },
              async init({ p }) {
                p.setOnProcessingErrorHandler(e => {
                  processingErrors.push(
                    `${e.unprocessedEntity.metadata.name}: ${e.errors.map(
                      x => x.message,
                    )}`,
                  );
                });
              },
            });
          },
        }),
        mockServices.rootLogger.factory({ level: 'warn' }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              // reprocess quickly so the group check sees the groups
              processingInterval: { seconds: 1 },
              rules: [
                { allow: ['Component', 'Resource', 'Group', 'Location'] },
              ],
              locations: [
                { type: 'file', target: mockDir.resolve('org.yaml') },
                {
                  type: 'file',
                  target: mockDir.resolve(
                    'repos/term-deposit/catalog-info.yaml',
                  ),
                },
                {
                  type: 'file',
                  target: mockDir.resolve('repos/broken/catalog-info.yaml'),
                },
                {
                  type: 'file',
                  target: mockDir.resolve('repos/lost-squad/catalog-info.yaml'),
                },
              ],
            },
            shuttle: {
              providers: {
                directory: [
                  {
                    id: 'test',
                    path: mockDir.resolve('shuttle-repos'),
                    schedule: {
                      frequency: { minutes: 10 },
                      timeout: { minutes: 1 },
                    },
                  },
                ],
              },
            },
          },
        }),
      ],
    });

    const get = async (ref: string): Promise<Entity | undefined> => {
      const res = await request(backend.server)
        .get(`/api/catalog/entities/by-name/${ref}`)
        .set('Authorization', mockCredentials.user.header());
      return res.status === 200 ? res.body : undefined;
    };
    const waitFor = async (
      ref: string,
      ready: (e: Entity) => boolean = () => true,
    ) => {
      for (let i = 0; i < 600; i++) {
        const entity = await get(ref);
        if (entity && ready(entity)) {
          return entity;
        }
        await new Promise(r => setTimeout(r, 100));
      }
      const all = await request(backend.server)
        .get('/api/catalog/entities')
        .set('Authorization', mockCredentials.user.header());
      throw new Error(
        `${ref} never showed up; errors ${processingErrors}; catalog has ${JSON.stringify(
          all.body.map((e: any) => [e.kind, e.metadata.name, e.status]),
        )}`,
      );
    };

    const termDeposit = await waitFor('component/default/term-deposit', e =>
      (e.relations ?? []).some(r => r.type === 'dependsOn'),
    );
    expect(termDeposit.spec?.owner).toBe('group:default/squad-gemini');
    expect(termDeposit.spec?.system).toBe('savings');
    expect(termDeposit.metadata.annotations).toMatchObject({
      'lunar.app/shuttle-plan':
        'git://git@github.com:lunarway/lw-shuttle-go-plan.git',
      'lunar.app/shuttle-plan-ref': 'v2',
      'lunar.app/shuttle-plan-kind': 'git',
      'lunar.app/shuttle-service': 'term-deposit',
    });
    expect(termDeposit.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/squad-gemini' },
        { type: 'dependsOn', targetRef: 'resource:default/term-deposit-db' },
        { type: 'dependsOn', targetRef: 'resource:default/rabbitmq' },
        { type: 'partOf', targetRef: 'system:default/savings' },
      ]),
    );

    // The database the switch names is in the catalog, with the reverse relation
    const db = await waitFor('resource/default/term-deposit-db', e =>
      (e.relations ?? []).some(r => r.type === 'dependencyOf'),
    );
    expect(db.spec).toMatchObject({
      type: 'database',
      owner: 'group:default/squad-gemini',
    });
    expect(db.relations).toEqual(
      expect.arrayContaining([
        { type: 'dependencyOf', targetRef: 'component:default/term-deposit' },
      ]),
    );

    // A broken shuttle.yaml keeps the entity, with the error on it for the Build card
    const broken = await waitFor('component/default/broken');
    expect(broken.spec?.owner).toBe('squad-gemini');
    expect(
      JSON.parse(broken.metadata.annotations!['lunar.app/shuttle-problems']),
    ).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml "plan" must be a git URL, a local path or false, but it is the value true',
      },
    ]);
    expect(processingErrors).toEqual([]);

    // A shuttle-only repository becomes a component through the provider
    const ledger = await waitFor('component/default/ledger-sync', e =>
      (e.relations ?? []).some(r => r.type === 'dependsOn'),
    );
    expect(ledger.spec?.owner).toBe('group:default/squad-mercury');
    expect(ledger.relations).toEqual(
      expect.arrayContaining([
        { type: 'dependsOn', targetRef: 'resource:default/rabbitmq' },
      ]),
    );

    // A squad with no Group: the entity stays, owned by the derived group, with a warning
    const lost = await waitFor('component/default/lost-squad', e =>
      (e.metadata.annotations?.['lunar.app/shuttle-problems'] ?? '').includes(
        'not in the catalog',
      ),
    );
    expect(lost.spec?.owner).toBe('group:default/squad-nosuch');
    expect(
      JSON.parse(lost.metadata.annotations!['lunar.app/shuttle-problems']),
    ).toEqual([
      {
        level: 'warning',
        message:
          'shuttle.yaml vars.squad "nosuch" names group:default/squad-nosuch, which is not in the catalog',
      },
    ]);

    await backend.stop();
  });
});
