/**
 * Database-access backend plugin: requests, approval by the owning squad,
 * time-boxed PostgreSQL roles (or PostgreSQLUser commits), revoke on time,
 * audit and notifications.
 *
 * @packageDocumentation
 */
export { databaseAccessPlugin as default } from './plugin';
export { DatabaseAccessPolicy } from './permissions/DatabaseAccessPolicy';
export { readDatabaseAccessConfig } from './config';
export type {
  DatabaseAccessSettings,
  EnvironmentSettings,
  AdminConnection,
  GitOpsTarget,
} from './config';
// The parts the plugin is made of, for benchmarks and tests.
export {
  DatabaseAccessStore,
  applyMigrations,
  revertMigrations,
} from './database/DatabaseAccessStore';
export { DirectGranter } from './granter/DirectGranter';
export { GitOpsGranter, postgresqlUser } from './granter/GitOpsGranter';
export { GrantLifecycle } from './service/GrantLifecycle';
export { AuditTrail } from './service/AuditTrail';
export { Notifier } from './service/Notifier';
export type { Granter, GrantSpec, StoredGrant, StoredRequest } from './types';
