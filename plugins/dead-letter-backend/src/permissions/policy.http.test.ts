import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import request from 'supertest';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { deadLetterPlugin } from '../plugin';
import { DatabaseDeadLetterStore } from '../database/DatabaseDeadLetterStore';
import { incoming, migrate } from '../__testUtils__/db';
import { waitFor } from '../__testUtils__/rabbit';
import { deadLetterOwningSquadPolicyModule } from './OwningSquadDeadLetterPolicy';

// The policy the portal ships, evaluated for real: the permission backend
// asks the policy, the policy answers "owner of the entity", and the real
// catalog decides that against the entity the tab is on. Only sign-in is
// stood in for: who is a member of which squad (the ownership claims).

jest.setTimeout(90_000);

const MEMBERS: Record<string, string[]> = {
  'user:default/gina': ['group:default/squad-gemini'],
  'user:default/mark': ['group:default/squad-mercury'],
  'user:default/ada': ['group:default/platform-admins'],
};

const CATALOG = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: term-deposit
spec: { type: service, owner: squad-gemini, lifecycle: production }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bankaccount-service
  annotations:
    lunar.app/dead-letter-service: bankaccount
spec: { type: service, owner: squad-mercury, lifecycle: production }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bankaccount
spec: { type: service, owner: squad-gemini, lifecycle: production }
`;

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('dead-letter permissions with the default policy and the real catalog', () => {
  async function start() {
    const dir = mkdtempSync(join(tmpdir(), 'dead-letter-policy-'));
    writeFileSync(join(dir, 'catalog.yaml'), CATALOG);
    const knex = await databases.init('SQLITE_3');
    await migrate(knex);
    const store = new DatabaseDeadLetterStore(knex);
    const { ids } = await store.insertBatch([
      incoming({ service: 'term-deposit' }),
      incoming({ service: 'bankaccount' }),
      // Nobody could tell its service.
      incoming({
        service: '~unassigned',
        queue: 'dead-letters',
        diedAt: new Date(),
      }),
    ]);
    const { server } = await startTestBackend({
      features: [
        deadLetterPlugin,
        catalogPlugin,
        permissionPlugin,
        deadLetterOwningSquadPolicyModule,
        // The dead-letter store is ours to fill; every other plugin gets its own.
        createServiceFactory({
          service: coreServices.database,
          deps: { plugin: coreServices.pluginMetadata },
          async factory({ plugin }) {
            const client =
              plugin.getId() === 'dead-letter'
                ? knex
                : await databases.init('SQLITE_3');
            return { getClient: async () => client };
          },
        }),
        // Real auth names the plugin that calls on a user's behalf (the
        // actor); the mock drops it, and the catalog refuses condition
        // checks from a bare user. Put it back, as a real token carries it.
        createServiceFactory({
          service: coreServices.auth,
          deps: { plugin: coreServices.pluginMetadata },
          async factory({ plugin }) {
            const auth = mockServices.auth({ pluginId: plugin.getId() });
            return Object.assign(Object.create(auth), {
              async authenticate(token: string, options?: any) {
                const credentials = await auth.authenticate(token, options);
                const obo = token.startsWith('mock-service-token:')
                  ? JSON.parse(token.slice('mock-service-token:'.length)).obo
                  : undefined;
                return obo
                  ? mockCredentials.user(obo, {
                      actor: { subject: 'plugin:permission' },
                    })
                  : credentials;
              },
            });
          },
        }),
        httpAuthServiceFactory,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...(MEMBERS[ref] ?? [])],
            };
          },
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            deadLetter: {
              permissions: { adminGroups: ['platform-admins'] },
            },
            catalog: {
              rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
              locations: [{ type: 'file', target: join(dir, 'catalog.yaml') }],
            },
          },
        }),
      ],
    });
    // The catalog processes its locations in the background.
    await waitFor(async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/bankaccount')
        .set('Authorization', mockCredentials.service.header());
      return res.status === 200;
    }, 60_000);
    const [termDeposit, bankaccount, unassigned] = ids;
    return { server, termDeposit, bankaccount, unassigned, store };
  }

  const remove = (server: any, user: string, id: string) =>
    request(server)
      .delete('/api/dead-letter/dead-letters')
      .set('Authorization', mockCredentials.user.header(user))
      .send({ ids: [id] });

  it('lets a member of the owning squad delete, refuses others with 403, and lets an admin', async () => {
    const { server, termDeposit, bankaccount, store } = await start();

    // mark (squad-mercury) does not own term-deposit: refused, nothing changed.
    const refused = await remove(server, 'user:default/mark', termDeposit);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /may not delete dead letters of term-deposit/,
    );
    expect(await store.get(termDeposit)).toBeDefined();

    // gina (squad-gemini) owns it.
    const allowed = await remove(server, 'user:default/gina', termDeposit);
    expect(allowed.status).toBe(200);
    expect(allowed.body.deleted).toEqual([termDeposit]);

    // bankaccount's dead letters belong to the annotated entity
    // (bankaccount-service, squad-mercury), not to component:default/bankaccount
    // (squad-gemini): the check is on the entity whose tab shows them.
    expect(
      (await remove(server, 'user:default/gina', bankaccount)).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .post('/api/dead-letter/dead-letters/redeliver')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/gina'),
          )
          .send({ ids: [bankaccount] })
      ).status,
    ).toBe(403);

    // An admin may act on every service.
    const admin = await remove(server, 'user:default/ada', bankaccount);
    expect(admin.status).toBe(200);
    expect(admin.body.deleted).toEqual([bankaccount]);
  });
  it('lists the unassigned dead letters as "Unassigned" to admins only', async () => {
    const { server, unassigned, store } = await start();
    const get = (user: string, path: string) =>
      request(server)
        .get(`/api/dead-letter${path}`)
        .set('Authorization', mockCredentials.user.header(user));

    const adminOverview = await get(
      'user:default/ada',
      '/dead-letters/squad-overview?environment=dev',
    );
    expect(adminOverview.body.items).toContainEqual(
      expect.objectContaining({
        squad: 'unassigned',
        title: 'Unassigned',
        count: 1,
        services: [expect.objectContaining({ service: '~unassigned' })],
      }),
    );
    const list = await get(
      'user:default/ada',
      `/dead-letters?environment=dev&service=${encodeURIComponent(
        '~unassigned',
      )}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.id)).toEqual([unassigned]);

    const trends = await get(
      'user:default/ada',
      '/dead-letters/trends?environment=dev',
    );
    expect(trends.body.series).toContainEqual(
      expect.objectContaining({ service: '~unassigned', squad: 'unassigned' }),
    );

    // A squad member does not see them, nor may list or delete them.
    const memberOverview = await get(
      'user:default/gina',
      '/dead-letters/squad-overview?environment=dev',
    );
    expect(memberOverview.status).toBe(200);
    expect(memberOverview.body.items.map((i: any) => i.squad)).not.toContain(
      'unassigned',
    );
    expect(
      (
        await get(
          'user:default/gina',
          '/dead-letters?environment=dev&service=~unassigned',
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await get('user:default/gina', '/dead-letters/trends?environment=dev')
      ).body.series.map((t: any) => t.service),
    ).not.toContain('~unassigned');
    expect(
      (await get('user:default/gina', '/dead-letters')).body.items.map(
        (i: any) => i.id,
      ),
    ).not.toContain(unassigned);
    expect((await remove(server, 'user:default/gina', unassigned)).status).toBe(
      403,
    );
    expect(await store.get(unassigned)).toBeDefined();

    const deleted = await remove(server, 'user:default/ada', unassigned);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toEqual([unassigned]);
  });
});
