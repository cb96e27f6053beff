/**
 * Parses .proto API definitions with protobufjs into the model the API Docs
 * gRPC widget renders, finds the fields marked as personal data, and names
 * the annotations the catalog module writes.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './bundle';
export * from './model';
export {
  parseProtoDefinition,
  summarisePersonalData,
} from './parse/parseProto';
export type { ParseProtoOptions } from './parse/parseProto';
export { isWellKnownProtoFile } from './parse/wellKnown';
