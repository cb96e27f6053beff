/**
 * Types, permissions, entity rules and the typed API client of the
 * database-access plugin, shared by the frontend and the backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './entity';
export * from './schema/openapi';
