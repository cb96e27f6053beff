/**
 * The portal's one way to talk to RabbitMQ.
 *
 * @packageDocumentation
 */
export { AmqpClient } from './AmqpClient';
export type {
  AmqpClientOptions,
  AmqpClientState,
  AmqpClientStatus,
  AmqpSession,
} from './AmqpClient';
export { withHeartbeat, withTimeout } from './util';
