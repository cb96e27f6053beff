import { Entity } from '@backstage/catalog-model';

/**
 * Annotation names written by the catalog module
 * (`@internal/backstage-plugin-catalog-backend-module-protobuf`) on gRPC API
 * entities and read by the API Docs module. This file is the single source
 * of truth.
 */

/** How many fields carry the personal-data option, e.g. `"3"`. @public */
export const ANNOTATION_PERSONAL_DATA_FIELDS = 'lunar.app/personal-data-fields';
/** Comma-separated messages with such fields, e.g. `"Customer,Account"`. @public */
export const ANNOTATION_PERSONAL_DATA_MESSAGES =
  'lunar.app/personal-data-messages';
/**
 * Why the definition could not be (fully) read: a syntax error with its
 * line and column, a definition over the size cap, or imports that did not
 * resolve (the counts then cover only what was read).
 * @public
 */
export const ANNOTATION_PROTO_PROBLEM = 'lunar.app/proto-problem';

/** The tag on gRPC APIs that carry personal data (API Docs tag filter). @public */
export const TAG_PERSONAL_DATA = 'personal-data';

/** @public */
export const DEFAULT_PERSONAL_DATA_OPTION = 'gdpr_sensitive';
/** @public */
export const DEFAULT_MAX_BROWSER_BYTES = 1024 * 1024;

/** An API entity whose definition is protobuf (`spec.type: grpc`). @public */
export function isGrpcApi(entity: Entity): boolean {
  return (
    entity.kind?.toLocaleLowerCase('en-US') === 'api' &&
    String(entity.spec?.type ?? '').toLocaleLowerCase('en-US') === 'grpc'
  );
}

/** What the catalog module counted on an entity. @public */
export type PersonalDataAnnotations = {
  fields: number;
  messages: string[];
  problem?: string;
};

/**
 * Reads the catalog module's annotations; undefined when the module has not
 * processed the entity (or the count is not a number).
 * @public
 */
export function readPersonalDataAnnotations(
  entity: Entity,
): PersonalDataAnnotations | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const problem = annotations[ANNOTATION_PROTO_PROBLEM] || undefined;
  const raw = annotations[ANNOTATION_PERSONAL_DATA_FIELDS];
  const fields = raw === undefined ? NaN : Number(raw);
  if (!Number.isInteger(fields) || fields < 0) {
    return problem ? { fields: 0, messages: [], problem } : undefined;
  }
  const messages = (annotations[ANNOTATION_PERSONAL_DATA_MESSAGES] ?? '')
    .split(',')
    .map(m => m.trim())
    .filter(Boolean);
  return { fields, messages, problem };
}
