/**
 * Dead-letter backend plugin: lossless AMQP ingest of dead letters, the REST
 * API, redelivery, permissions and audit.
 *
 * @packageDocumentation
 */
export { deadLetterPlugin as default } from './plugin';
export {
  OwningSquadDeadLetterPolicy,
  deadLetterOwningSquadPolicyModule,
} from './permissions/OwningSquadDeadLetterPolicy';
export type { DeadLetterService, DeadLetterStore } from './types';
