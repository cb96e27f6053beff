/**
 * Annotation names and helpers shared by the shuttle catalog module and the
 * shuttle frontend plugin.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './helpers';
