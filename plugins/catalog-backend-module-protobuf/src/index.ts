/**
 * gRPC APIs in the catalog: the personal data their .proto files mark, as
 * annotations and a tag on the API entity, and in the search text.
 *
 * @packageDocumentation
 */

export { protobufFeatures as default } from './module';
export {
  catalogModuleProtobuf,
  searchModuleProtobufPersonalData,
} from './module';
export {
  ANNOTATION_PROTO_IMPORT_ROOT,
  ProtobufPersonalDataProcessor,
} from './processor/ProtobufPersonalDataProcessor';
export { personalDataEntityTransformer } from './search';
export type { ProtobufCatalogOptions } from './options';
