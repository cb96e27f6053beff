/**
 * The dead-letter frontend plugin: the Dead letter entity tabs (services and
 * squads) and the Dead Letter page.
 *
 * @packageDocumentation
 */
export { deadLetterPlugin as default } from './plugin';
export { deadLetterApiRef, DeadLetterClient, type DeadLetterApi } from './api';
