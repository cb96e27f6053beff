/**
 * Database-access backend plugin: requests, approval by the owning squad,
 * time-boxed PostgreSQL roles (or PostgreSQLUser commits), revoke on time,
 * audit and notifications.
 *
 * @packageDocumentation
 */
export { databaseAccessPlugin as default } from './plugin';
