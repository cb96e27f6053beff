/**
 * Types, permissions, entity rules and the typed API client of the
 * dead-letter plugin, shared by the frontend and the backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './entity';
export * from './schema/openapi';
export * from './events';
