/**
 * Common types, the annotation rule and the typed API client of the
 * release-status plugin.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './schema/openapi';
export * from './events';
