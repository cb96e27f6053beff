import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DatabaseAccessPolicy } from './permissions/DatabaseAccessPolicy';
import { databaseAccessPlugin } from './plugin';
import {
  connect,
  directGranter,
  roleExists,
  scratchDatabase,
  testPrefix,
} from './__testUtils__/postgres';

// The plugin over HTTP as the portal runs it: the real catalog decides who
// owns a database, the real permission backend asks the default policy, and
// grants are real roles on the local PostgreSQL. Only sign-in is stood in
// for (who is a member of which squad).

jest.setTimeout(120_000);

const MEMBERS: Record<string, string[]> = {
  'user:default/demo-developer': ['group:default/squad-gemini'],
  'user:default/gina': ['group:default/squad-gemini'],
  'user:default/gus': ['group:default/squad-gemini'],
  'user:default/mark': ['group:default/squad-mercury'],
};

const catalogYaml = (databaseName: string) => `
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: term-deposit-db
  annotations:
    lunar.app/database-name: ${databaseName}
spec: { type: database, owner: squad-gemini }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: rabbitmq
spec: { type: message-broker, owner: squad-voyager }
`;

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

// What left the plugin for the notifications backend and the auditor.
const notifications: NotificationSendOptions[] = [];
const auditorEvents: Array<{ eventId: string; outcome: string; meta: any }> =
  [];

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('database-access over HTTP with the default policy, the real catalog and PostgreSQL', () => {
  const prefix = testPrefix();
  let target: Awaited<ReturnType<typeof scratchDatabase>>;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    target = await scratchDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'database-access-'));
    writeFileSync(join(dir, 'catalog.yaml'), catalogYaml(target.name));
    const policyModule = createBackendModule({
      pluginId: 'permission',
      moduleId: 'test-policy',
      register(reg) {
        reg.registerInit({
          deps: {
            policy: policyExtensionPoint,
            userInfo: coreServices.userInfo,
          },
          async init({ policy, userInfo }) {
            policy.setPolicy(new DatabaseAccessPolicy({ userInfo }));
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        databaseAccessPlugin,
        catalogPlugin,
        permissionPlugin,
        policyModule,
        createServiceFactory({
          service: coreServices.database,
          deps: {},
          async factory() {
            const client = await databases.init('SQLITE_3');
            return { getClient: async () => client };
          },
        }),
        // Real auth names the plugin acting for a user; the catalog needs it.
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
        createServiceFactory({
          service: notificationService,
          deps: {},
          async factory() {
            return {
              send: async (options: NotificationSendOptions) => {
                notifications.push(options);
              },
            };
          },
        }),
        createServiceFactory({
          service: coreServices.auditor,
          deps: { plugin: coreServices.pluginMetadata },
          async factory({ plugin }) {
            return {
              createEvent: async (options: any) => {
                const record = (outcome: string) => async () => {
                  if (plugin.getId() === 'database-access') {
                    auditorEvents.push({
                      eventId: options.eventId,
                      outcome,
                      meta: options.meta,
                    });
                  }
                };
                return { success: record('success'), fail: record('failure') };
              },
            };
          },
        }),
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
            databaseAccess: {
              rolePrefix: prefix,
              environments: {
                local: {
                  admin: { host: '127.0.0.1', port: 5432, user: 'postgres' },
                  maxMinutes: { read: 120, write: 30 },
                  approvalsRequired: { write: 2 },
                },
                down: {
                  admin: { host: '127.0.0.1', port: 1, user: 'postgres' },
                },
              },
            },
            catalog: {
              rules: [{ allow: ['Resource', 'Group', 'User', 'Location'] }],
              locations: [{ type: 'file', target: join(dir, 'catalog.yaml') }],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    await waitFor(async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/resource/default/rabbitmq')
        .set('Authorization', mockCredentials.service.header());
      return res.status === 200;
    }, 60_000);
  });

  afterAll(async () => {
    await stop?.();
    const cleanup = directGranter();
    for (const role of await cleanup.listRoles(prefix)) {
      await cleanup.dropRole(role);
    }
    await cleanup.close();
    await target?.drop();
  });

  const as = (user: string) => ({
    get: (path: string) =>
      request(server)
        .get(`/api/database-access${path}`)
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/${user}`),
        ),
    post: (path: string, body: object = {}) =>
      request(server)
        .post(`/api/database-access${path}`)
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/${user}`),
        )
        .send(body),
  });
  const demo = as('demo-developer');
  const gina = as('gina');
  const gus = as('gus');
  const mark = as('mark');

  const ask = (body: object = {}) =>
    demo.post('/requests', {
      database: 'resource:default/term-deposit-db',
      environment: 'local',
      level: 'read',
      reason: 'Checking a customer complaint about interest',
      durationMinutes: 60,
      ...body,
    });

  async function lastAudit(action: string) {
    const res = await gina.get(`/audit?action=${action}&limit=1`);
    expect(res.status).toBe(200);
    return res.body.items[0];
  }

  it('request, refuse the requester and non-members, approve, show the password once, revoke', async () => {
    const created = await ask();
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      status: 'pending',
      owner: 'group:default/squad-gemini',
      databaseName: target.name,
      requester: 'user:default/demo-developer',
      canApprove: false,
      cannotApproveReason: expect.stringMatching(/another member/),
    });

    // The requester (a member of the owning squad too) may not approve.
    const self = await demo.post(`/requests/${id}/approve`);
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(
      /You asked for this access yourself/,
    );
    expect(await lastAudit('approve-refused')).toMatchObject({
      actor: 'user:default/demo-developer',
      requestId: id,
    });

    // Nor may someone outside the owning squad.
    const outsider = await mark.post(`/requests/${id}/approve`);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toMatch(
      /Only members of group:default\/squad-gemini/,
    );
    expect((await lastAudit('approve-refused')).actor).toBe(
      'user:default/mark',
    );

    const waiting = await gina.get('/requests?view=awaiting-me');
    expect(waiting.body.items.map((r: any) => r.id)).toContain(id);
    expect((await mark.get('/requests?view=awaiting-me')).body.items).toEqual(
      [],
    );

    const approved = await gina.post(`/requests/${id}/approve`, {
      comment: 'ok',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'active',
      approvals: [{ by: 'user:default/gina', comment: 'ok' }],
      grant: { mode: 'direct', credentialsIssued: false },
    });
    const role = approved.body.grant.role;
    expect(await roleExists(role)).toBe(true);

    const again = await gus.post(`/requests/${id}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already active/);

    // Only the requester gets the password, and only once.
    expect((await gina.post(`/requests/${id}/credentials`)).status).toBe(403);
    const login = await demo.post(`/requests/${id}/credentials`);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      username: role,
      host: '127.0.0.1',
      port: 5432,
      database: target.name,
    });
    const session = connect(role, target.name);
    expect(await session('accounts').count('* as n')).toEqual([{ n: '1' }]);
    await session.destroy();
    const twice = await demo.post(`/requests/${id}/credentials`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already shown once/);

    // Mark may not revoke; Gina (owning squad) may.
    expect((await mark.post(`/requests/${id}/revoke`)).status).toBe(403);
    const revoked = await gina.post(`/requests/${id}/revoke`, {
      reason: 'incident over',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      decidedBy: 'user:default/gina',
      grant: { endedBy: 'user:default/gina', endReason: 'incident over' },
    });
    expect(await roleExists(role)).toBe(false);

    const history = await gina.get(
      `/access-history?user=${encodeURIComponent(
        'user:default/demo-developer',
      )}&database=${encodeURIComponent('resource:default/term-deposit-db')}`,
    );
    expect(history.body.items[0]).toMatchObject({
      requestId: id,
      level: 'read',
      endedBy: 'user:default/gina',
    });
    const csv = await gina.get('/access-history?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'user,database,environment,level,from,until,endedBy,endReason,reason,role,requestId',
    );
    expect(csv.text).toContain(id);
    // The owning squad was told of the request (not the requester), the
    // requester of each decision; the auditor saw what the table has.
    const about = notifications.filter(n => n.payload.scope?.includes(id));
    expect(about.map(n => [n.recipients, n.payload.title])).toEqual([
      [
        {
          type: 'entity',
          entityRef: 'group:default/squad-gemini',
          excludeEntityRef: 'user:default/demo-developer',
        },
        expect.stringMatching(
          /^Approve read access to term-deposit-db \(local\)/,
        ),
      ],
      [
        { type: 'entity', entityRef: 'user:default/demo-developer' },
        'Your read access to term-deposit-db (local): granted',
      ],
      [
        { type: 'entity', entityRef: 'user:default/demo-developer' },
        'Your read access to term-deposit-db (local): revoked',
      ],
    ]);
    expect(
      auditorEvents
        .filter(e => e.meta.requestId === id)
        .map(e => `${e.eventId}:${e.outcome}`),
    ).toEqual([
      'requested:success',
      'approve-refused:failure',
      'approve-refused:failure',
      'approved:success',
      'granted:success',
      'approve-refused:failure',
      'credentials-refused:failure',
      'credentials-issued:success',
      'credentials-refused:failure',
      'revoke-refused:failure',
      'revoked:success',
    ]);

    const audit = await gina.get(
      `/audit?format=csv&database=${encodeURIComponent(
        'resource:default/term-deposit-db',
      )}`,
    );
    expect(audit.headers['content-type']).toMatch(/text\/csv/);
    expect(audit.text).toMatch(/credentials-issued/);
  });

  it('refuses bad requests with a clear error and an audit entry', async () => {
    const cases: Array<[object, number, RegExp]> = [
      [
        { durationMinutes: 121 },
        400,
        /over the maximum for read access in local: at most 120 minutes/,
      ],
      [{ level: 'write', durationMinutes: 31 }, 400, /at most 30 minutes/],
      [
        { database: 'resource:default/nope-db' },
        404,
        /Unknown database resource:default\/nope-db/,
      ],
      [{ database: 'resource:default/rabbitmq' }, 400, /is not a database/],
      [{ environment: 'moon' }, 400, /Unknown environment "moon"/],
      [{ reason: 'because' }, 400, /at least a sentence/],
    ];
    for (const [body, status, message] of cases) {
      const res = await ask(body);
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
      expect((await lastAudit('request-refused')).detail).toMatch(message);
    }
  });

  it('concurrent approvals by two members grant once', async () => {
    const id = (await ask()).body.id;
    const results = await Promise.all([
      gina.post(`/requests/${id}/approve`),
      gus.post(`/requests/${id}/approve`),
    ]);
    expect(results.map(r => r.status).sort()).toEqual(
      expect.arrayContaining([200]),
    );
    const after = await demo.get(`/requests/${id}`);
    expect(after.body.status).toBe('active');
    const granted = (await gina.get(`/audit?action=granted`)).body.items.filter(
      (a: any) => a.requestId === id,
    );
    expect(granted).toHaveLength(1);
    const granter = directGranter();
    try {
      expect(await granter.listRoles(after.body.grant.role)).toHaveLength(1);
    } finally {
      await granter.close();
    }
  });

  it('write access here needs a second approver, who must be someone else', async () => {
    const id = (await ask({ level: 'write', durationMinutes: 30 })).body.id;
    const first = await gina.post(`/requests/${id}/approve`);
    expect(first.body).toMatchObject({
      status: 'pending',
      approvalsRequired: 2,
      approvals: [{ by: 'user:default/gina' }],
      canApprove: false,
      cannotApproveReason: expect.stringMatching(/already approved/),
    });
    expect(first.body.grant).toBeUndefined();
    const twice = await gina.post(`/requests/${id}/approve`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(
      /second approval must come from someone else/,
    );
    const second = await gus.post(`/requests/${id}/approve`);
    expect(second.body).toMatchObject({
      status: 'active',
      grant: { mode: 'direct' },
    });
    expect(await roleExists(second.body.grant.role)).toBe(true);
  });

  it('reject with a reason; the requester may withdraw a pending request', async () => {
    const first = (await ask()).body.id;
    const rejected = await gina.post(`/requests/${first}/reject`, {
      reason: 'use the replica',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decisionReason: 'use the replica',
    });
    expect((await gus.post(`/requests/${first}/approve`)).status).toBe(409);

    const second = (await ask()).body.id;
    const withdrawn = await demo.post(`/requests/${second}/revoke`);
    expect(withdrawn.body.status).toBe('revoked');
  });

  it('a server that is down is listed with its error, and approving there leaves the request pending', async () => {
    const envs = await demo.get('/environments');
    expect(envs.body.items).toEqual([
      expect.objectContaining({
        name: 'local',
        error: null,
        maxMinutes: { read: 120, write: 30 },
      }),
      expect.objectContaining({
        name: 'down',
        error: expect.stringMatching(
          /127\.0\.0\.1:1 \(environment down\) is not reachable/,
        ),
      }),
    ]);
    const id = (await ask({ environment: 'down' })).body.id;
    const res = await gina.post(`/requests/${id}/approve`);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /the down server is not reachable.*still pending/,
    );
    expect((await demo.get(`/requests/${id}`)).body).toMatchObject({
      status: 'pending',
      approvals: [],
    });
    expect((await lastAudit('grant-failed')).requestId).toBe(id);
  });
});
