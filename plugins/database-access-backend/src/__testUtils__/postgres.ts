import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { AdminConnection, DatabaseAccessSettings } from '../config';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { DirectGranter } from '../granter/DirectGranter';
import { AuditTrail } from '../service/AuditTrail';
import { GrantLifecycle } from '../service/GrantLifecycle';
import { Notifier } from '../service/Notifier';
import { Granter, StoredRequest } from '../types';

/** The machine's PostgreSQL (trust auth), as tests and development use it. */
export const LOCAL_ADMIN: AdminConnection = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  database: 'postgres',
};

export function connect(user: string, database: string): Knex {
  return knexFactory({
    client: 'pg',
    connection: { ...LOCAL_ADMIN, user, database },
    pool: { min: 0, max: 2 },
    // A bound for a loaded CI machine (the test command runs Jest beside the
    // build and the portals, and other files create databases at the same
    // time): 5 s was once too short to connect. The local server answers in
    // milliseconds; a server that is down refuses at once.
    acquireConnectionTimeout: 30_000,
    log: { warn() {}, error() {}, deprecate() {}, debug() {} },
  });
}

/** A unique role prefix per test file, so files never touch each other's roles. */
export function testPrefix(): string {
  return `t${randomBytes(4).toString('hex')}_`;
}

/**
 * A scratch database on the local server with an `accounts` table (one row)
 * and a `transfers` sequence-backed table; dropped by `drop()`.
 */
export async function scratchDatabase(): Promise<{
  name: string;
  as: (user: string) => Knex;
  admin: Knex;
  drop: () => Promise<void>;
}> {
  const name = `da_test_${randomBytes(5).toString('hex')}`;
  const server = connect('postgres', 'postgres');
  await server.raw('CREATE DATABASE ??', [name]);
  const admin = connect('postgres', name);
  await admin.raw(
    "CREATE TABLE accounts (id serial PRIMARY KEY, owner text NOT NULL); INSERT INTO accounts (owner) VALUES ('ada')",
  );
  const opened: Knex[] = [admin];
  return {
    name,
    admin,
    as: user => {
      const k = connect(user, name);
      opened.push(k);
      return k;
    },
    drop: async () => {
      await Promise.all(opened.map(k => k.destroy().catch(() => {})));
      await server.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      await server.destroy();
    },
  };
}

export async function roleExists(role: string): Promise<boolean> {
  const server = connect('postgres', 'postgres');
  try {
    const { rows } = await server.raw(
      'SELECT 1 FROM pg_roles WHERE rolname = ?',
      [role],
    );
    return rows.length === 1;
  } finally {
    await server.destroy();
  }
}

export function settingsFor(
  rolePrefix: string,
  overrides: Partial<DatabaseAccessSettings> = {},
): DatabaseAccessSettings {
  return {
    environments: [
      {
        name: 'local',
        mode: 'direct',
        admin: LOCAL_ADMIN,
        createMissingDatabases: false,
        connectHost: '127.0.0.1',
        connectPort: 5432,
        maxMinutes: { read: 30 * 24 * 60, write: 8 * 60 },
        approvalsRequired: { read: 1, write: 1 },
      },
    ],
    rolePrefix,
    approvalTimeoutMinutes: 60,
    revokeIntervalSeconds: 15,
    ...overrides,
  };
}

/** A lifecycle over a real store and the given granters. */
export function lifecycleFor(
  store: DatabaseAccessStore,
  settings: DatabaseAccessSettings,
  granters: Map<string, Granter>,
) {
  const logger = mockServices.logger.mock();
  const audit = new AuditTrail({
    store,
    auditor: mockServices.auditor.mock(),
    logger,
  });
  return new GrantLifecycle({
    settings,
    store,
    granters,
    audit,
    notifier: new Notifier({ logger }),
    logger,
  });
}

export function directGranter(admin: AdminConnection = LOCAL_ADMIN) {
  return new DirectGranter({
    environment: 'local',
    admin,
    logger: mockServices.logger.mock(),
    // As connect() above: a bound for a loaded machine, not a wait.
    connectTimeoutMs: 30_000,
  });
}

let counter = 0;

/** A pending request, stored. */
export async function storedRequest(
  store: DatabaseAccessStore,
  overrides: Partial<StoredRequest> = {},
): Promise<StoredRequest> {
  counter++;
  const now = new Date();
  const request: StoredRequest = {
    id: `${randomBytes(4).toString('hex')}-${String(counter).padStart(
      4,
      '0',
    )}-4000-8000-${randomBytes(6).toString('hex')}`,
    databaseRef: 'resource:default/term-deposit-db',
    databaseName: 'term_deposit',
    ownerRef: 'group:default/squad-gemini',
    environment: 'local',
    level: 'read',
    reason: 'Investigating a stuck term deposit for support',
    durationMinutes: 30,
    requester: 'user:default/demo-developer',
    status: 'pending',
    approvalsRequired: 1,
    decidedBy: null,
    decisionReason: null,
    error: null,
    createdAt: now,
    approveBy: new Date(now.getTime() + 3600_000),
    ...overrides,
  };
  await store.insertRequest(request);
  return request;
}
