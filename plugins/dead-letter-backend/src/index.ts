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
export type {
  DeadLetterBroker,
  DeadLetterService,
  DeadLetterStore,
  IncomingDeadLetter,
  IngestStatus,
} from './types';
// The parts the plugin is made of, for benchmarks and for backends that
// assemble their own ingest.
export { AmqpDeadLetterBroker } from './service/AmqpDeadLetterBroker';
export type { AmqpDeadLetterBrokerOptions } from './service/AmqpDeadLetterBroker';
export {
  DatabaseDeadLetterStore,
  applyMigrations,
} from './database/DatabaseDeadLetterStore';
export { DEFAULT_SERVICE_RULE } from './config';
export { deadLetterSearchCollatorModule } from './search/module';
