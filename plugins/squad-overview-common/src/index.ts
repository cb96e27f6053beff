/**
 * Common types and the typed API client of the squad-overview plugin.
 *
 * @packageDocumentation
 */

export * from './schema/openapi';
export * from './signals';
export * from './githubPulse';
