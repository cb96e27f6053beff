import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  DatabaseAccessStore,
  applyMigrations,
} from '../database/DatabaseAccessStore';
import {
  connect,
  directGranter,
  lifecycleFor,
  roleExists,
  scratchDatabase,
  settingsFor,
  storedRequest,
  testPrefix,
} from '../__testUtils__/postgres';
import { DirectGranter } from '../granter/DirectGranter';
import { StoredGrant } from '../types';

// Everything here runs against the machine's real PostgreSQL: the roles are
// real, logins are real, and so are the permission errors.

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe('GrantLifecycle against the local PostgreSQL', () => {
  const prefix = testPrefix();
  let target: Awaited<ReturnType<typeof scratchDatabase>>;
  const granter = directGranter();
  const granters = new Map([['local', granter]]);
  const settings = settingsFor(prefix);

  beforeAll(async () => {
    target = await scratchDatabase();
  });
  afterAll(async () => {
    await granter.close();
    // Leave no role of this file behind, whatever failed.
    const cleanup = directGranter();
    for (const role of await cleanup.listRoles(prefix)) {
      await cleanup.dropRole(role);
    }
    await cleanup.close();
    await target.drop();
  });

  async function setup(databaseId: TestDatabaseId = 'POSTGRES_15') {
    const knex = await databases.init(databaseId);
    await applyMigrations(knex);
    const store = new DatabaseAccessStore(knex);
    const lifecycle = lifecycleFor(store, settings, granters);
    return { store, lifecycle, knex };
  }

  async function granted(
    ctx: Awaited<ReturnType<typeof setup>>,
    level: 'read' | 'write' = 'read',
  ) {
    const request = await storedRequest(ctx.store, {
      databaseName: target.name,
      level,
    });
    expect(await ctx.lifecycle.grant(request, 'user:default/gina')).toBe(true);
    const grant = (await ctx.store.getGrant(request.id))!;
    return { request, grant };
  }

  it('a read grant can SELECT (now and in tables made later) but not write, until it is revoked on time', async () => {
    const ctx = await setup();
    const { request, grant } = await granted(ctx, 'read');
    expect(grant.state).toBe('active');
    expect((await ctx.store.getRequest(request.id))!.status).toBe('active');

    const reader = target.as(grant.roleName);
    expect(await reader('accounts').select('owner')).toEqual([
      { owner: 'ada' },
    ]);
    await expect(
      reader('accounts').insert({ owner: 'mallory' }),
    ).rejects.toThrow(/permission denied/);
    // A table the database owner creates later is readable too.
    await target.admin.raw(
      "CREATE TABLE IF NOT EXISTS later (v text); INSERT INTO later VALUES ('x')",
    );
    expect(await reader('later').select('v')).toEqual([{ v: 'x' }]);

    // The role's password expires with the grant.
    const server = connect('postgres', 'postgres');
    const { rows } = await server.raw(
      'SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?',
      [grant.roleName],
    );
    await server.destroy();
    expect(new Date(rows[0].rolvaliduntil).getTime()).toBe(
      grant.validUntil.getTime(),
    );

    // Nothing is due before the end.
    expect(
      await ctx.lifecycle.revokeDue(
        new Date(grant.validUntil.getTime() - 1000),
      ),
    ).toBe(0);
    expect(await roleExists(grant.roleName)).toBe(true);

    // An open session at the end is terminated and the role dropped.
    await reader.raw('SELECT 1');
    expect(
      await ctx.lifecycle.revokeDue(
        new Date(grant.validUntil.getTime() + 1000),
      ),
    ).toBe(1);
    expect(await roleExists(grant.roleName)).toBe(false);
    await expect(reader.raw('SELECT 1')).rejects.toThrow();
    const late = connect(grant.roleName, target.name);
    await expect(late.raw('SELECT 1')).rejects.toThrow(/does not exist/);
    await late.destroy();

    const ended = (await ctx.store.getGrant(request.id))!;
    expect(ended).toMatchObject({ state: 'ended', endedBy: 'system' });
    expect((await ctx.store.getRequest(request.id))!.status).toBe('ended');
    const actions = (await ctx.store.listAudit({ limit: 50 }))
      .filter(a => a.requestId === request.id)
      .map(a => a.action);
    expect(actions).toEqual(['expired', 'granted']);
  });

  it('a write grant may insert, update and delete', async () => {
    const ctx = await setup();
    const { request, grant } = await granted(ctx, 'write');
    const writer = target.as(grant.roleName);
    await writer('accounts').insert({ owner: 'grace' });
    await writer('accounts')
      .where({ owner: 'grace' })
      .update({ owner: 'grace h' });
    expect(await writer('accounts').where({ owner: 'grace h' }).delete()).toBe(
      1,
    );
    // But not change the schema.
    await expect(writer.raw('DROP TABLE accounts')).rejects.toThrow(
      /must be owner/,
    );

    const claimed = (await ctx.store.claimOne(
      request.id,
      'early',
      new Date(0),
    ))!;
    await ctx.lifecycle.revoke(
      request,
      claimed,
      'user:default/demo-developer',
      'done',
    );
    expect(await roleExists(grant.roleName)).toBe(false);
    expect((await ctx.store.getRequest(request.id))!).toMatchObject({
      status: 'revoked',
      decidedBy: 'user:default/demo-developer',
      decisionReason: 'done',
    });
  });

  it('the reconciler drops a role the plugin made but never recorded (crash), and keeps backed ones', async () => {
    const ctx = await setup();
    const { grant } = await granted(ctx);
    // The crash: the role exists on the server with a grant, no row says so.
    const orphan = `${prefix}crashed0000000000`;
    const server = connect('postgres', 'postgres');
    await server.raw('CREATE ROLE ?? LOGIN', [orphan]);
    await server.destroy();
    await target.admin.raw('GRANT SELECT ON accounts TO ??', [orphan]);

    expect(await ctx.lifecycle.reconcile()).toEqual([orphan]);
    expect(await roleExists(orphan)).toBe(false);
    expect(await roleExists(grant.roleName)).toBe(true);
    const audit = await ctx.store.listAudit({
      action: 'role-reconciled',
      limit: 5,
    });
    expect(audit[0].detail).toContain(orphan);
  });

  it.each(databases.eachSupportedId())(
    'concurrent approvals grant once (%p)',
    async databaseId => {
      const ctx = await setup(databaseId);
      const request = await storedRequest(ctx.store, {
        databaseName: target.name,
      });
      const results = await Promise.all([
        ctx.lifecycle.grant(request, 'user:default/gina'),
        ctx.lifecycle.grant(request, 'user:default/gus'),
        ctx.lifecycle.grant(request, 'user:default/gail'),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const roles = await granter.listRoles(
        ctx.lifecycle.roleNameFor(request.id),
      );
      expect(roles).toHaveLength(1);
      expect(
        (await ctx.store.listAudit({ action: 'granted', limit: 10 })).filter(
          a => a.requestId === request.id,
        ),
      ).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'two replicas revoking at once revoke every due grant exactly once (%p)',
    async databaseId => {
      const ctx = await setup(databaseId);
      const grants: StoredGrant[] = [];
      for (let i = 0; i < 6; i++) {
        grants.push((await granted(ctx)).grant);
      }
      const end = new Date(
        Math.max(...grants.map(g => g.validUntil.getTime())) + 1000,
      );
      const replicaB = lifecycleFor(ctx.store, settings, granters);
      const [a, b] = await Promise.all([
        ctx.lifecycle.revokeDue(end),
        replicaB.revokeDue(end),
      ]);
      expect(a + b).toBe(6);
      for (const g of grants) {
        expect(await roleExists(g.roleName)).toBe(false);
      }
      const expired = (
        await ctx.store.listAudit({ action: 'expired', limit: 100 })
      ).filter(e => grants.some(g => g.requestId === e.requestId));
      expect(expired).toHaveLength(6);
    },
  );

  it('a server that is down: clear error, request still pending, no grant, audited', async () => {
    const ctx = await setup();
    const down = new DirectGranter({
      environment: 'local',
      admin: { ...settings.environments[0].admin!, port: 1 },
      logger: mockServices.logger.mock(),
      connectTimeoutMs: 1000,
    });
    const lifecycle = lifecycleFor(
      ctx.store,
      settings,
      new Map([['local', down]]),
    );
    const request = await storedRequest(ctx.store, {
      databaseName: target.name,
    });
    await ctx.store.addApproval({
      requestId: request.id,
      approver: 'user:default/gina',
      comment: null,
      at: new Date(),
    });
    await expect(lifecycle.grant(request, 'user:default/gina')).rejects.toThrow(
      /local server is not reachable.*Nothing was created; the request is still pending/,
    );
    expect((await ctx.store.getRequest(request.id))!.status).toBe('pending');
    expect(await ctx.store.getGrant(request.id)).toBeUndefined();
    expect(
      (await ctx.store.approvals([request.id])).get(request.id),
    ).toBeUndefined();
    expect(await roleExists(lifecycle.roleNameFor(request.id))).toBe(false);
    const [entry] = await ctx.store.listAudit({
      action: 'grant-failed',
      limit: 1,
    });
    expect(entry).toMatchObject({
      requestId: request.id,
      actor: 'user:default/gina',
    });
    expect(await down.check()).toMatch(
      /127\.0\.0\.1:1 \(environment local\) is not reachable/,
    );
    await down.close();
  });

  it('a database missing on the server fails the request and leaves no role', async () => {
    const ctx = await setup();
    const request = await storedRequest(ctx.store, {
      databaseName: 'no_such_database_here',
    });
    await expect(
      ctx.lifecycle.grant(request, 'user:default/gina'),
    ).rejects.toThrow(
      /Database "no_such_database_here" does not exist on 127\.0\.0\.1:5432/,
    );
    expect((await ctx.store.getRequest(request.id))!).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/does not exist/),
    });
    expect(await roleExists(ctx.lifecycle.roleNameFor(request.id))).toBe(false);
  });

  it('expires requests nobody approved in time', async () => {
    const ctx = await setup();
    const request = await storedRequest(ctx.store, {
      approveBy: new Date(Date.now() - 1000),
    });
    expect(await ctx.lifecycle.expireOverdue()).toBeGreaterThanOrEqual(1);
    expect((await ctx.store.getRequest(request.id))!.status).toBe('expired');
    expect(await ctx.lifecycle.grant(request, 'user:default/gina')).toBe(false);
  });
  it('a replica killed between CREATE ROLE and recording the grant leaves no unknown role: the reconciler on another replica fails the grant and drops the role', async () => {
    const ctx = await setup();
    const request = await storedRequest(ctx.store, {
      databaseName: target.name,
    });
    // Replica A creates the role for real, then "dies": nothing after the
    // granter's step runs (no `active` record, no audit, no failure path).
    let created!: () => void;
    const roleCreated = new Promise<void>(resolve => {
      created = resolve;
    });
    const dying = Object.create(granter) as DirectGranter;
    dying.grant = async spec => {
      await granter.grant(spec);
      created();
      return new Promise(() => {});
    };
    const replicaA = lifecycleFor(
      ctx.store,
      settings,
      new Map([['local', dying]]),
    );
    void replicaA.grant(request, 'user:default/gina');
    await roleCreated;
    const role = ctx.lifecycle.roleNameFor(request.id);
    expect(await roleExists(role)).toBe(true);
    expect((await ctx.store.getGrant(request.id))!.state).toBe('granting');

    // Replica B's reconciler while A might still be granting: kept.
    expect(await ctx.lifecycle.reconcile()).not.toContain(role);
    expect(await roleExists(role)).toBe(true);

    // Past the time a grant can take: settled as failed, role dropped.
    const later = new Date(Date.now() + 11 * 60_000);
    expect(await ctx.lifecycle.reconcile(later)).toContain(role);
    expect(await roleExists(role)).toBe(false);
    expect((await ctx.store.getGrant(request.id))!.state).toBe('failed');
    expect((await ctx.store.getRequest(request.id))!).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/interrupted/),
    });
    const reconciled = await ctx.store.listAudit({
      action: 'role-reconciled',
      limit: 20,
    });
    expect(reconciled.filter(a => a.detail?.includes(role))).toHaveLength(1);
  });

  it('a revoke whose claim went stale and was taken over by another replica is ended and audited once', async () => {
    const ctx = await setup();
    const { request, grant } = await granted(ctx);
    const end = new Date(grant.validUntil.getTime() + 1000);
    // Replica A claims the due grant, then stalls past the claim's lifetime.
    const [claimedByA] = await ctx.store.claimDue(
      end,
      'replica-a',
      new Date(end.getTime() - 2 * 60_000),
      10,
    );
    expect(claimedByA.requestId).toBe(request.id);
    // Replica B, three minutes later, takes the stale claim over and revokes.
    const replicaB = lifecycleFor(ctx.store, settings, granters);
    expect(await replicaB.revokeDue(new Date(end.getTime() + 3 * 60_000))).toBe(
      1,
    );
    expect(await roleExists(grant.roleName)).toBe(false);
    // A wakes up and finishes its revoke: the role is gone already, and the
    // end is not recorded, audited or notified again.
    expect(
      await ctx.lifecycle.revoke(
        request,
        claimedByA,
        'system',
        'the granted time ended',
      ),
    ).toBe(false);
    const expired = (
      await ctx.store.listAudit({ action: 'expired', limit: 100 })
    ).filter(e => e.requestId === request.id);
    expect(expired).toHaveLength(1);
    expect((await ctx.store.getGrant(request.id))!).toMatchObject({
      state: 'ended',
      endedBy: 'system',
    });
  });
});
