/**
 * API Docs for gRPC APIs from their .proto files: the definition widget for
 * `spec.type: grpc` and the "Personal data" card.
 *
 * @packageDocumentation
 */
export { protobufApiDocsModule as default } from './module';
export {
  personalDataEntityCard,
  protobufApiDocsConfig,
  protobufApiDocsModule,
} from './module';
export { grpcDefinitionWidget } from './widget';
