import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Annotation that names the service whose dead letters belong to an entity,
 * when it differs from `metadata.name`.
 *
 * @public
 */
export const DEAD_LETTER_SERVICE_ANNOTATION = 'lunar.app/dead-letter-service';

/**
 * Whether the dead-letter tab applies to an entity: a Component of
 * `spec.type` service.
 *
 * @public
 */
export function isDeadLetterAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.spec?.type === 'service'
  );
}

/**
 * The service name dead letters are stored under for an entity: the
 * `lunar.app/dead-letter-service` annotation, else `metadata.name`.
 *
 * @public
 */
export function deadLetterServiceName(entity: Entity): string {
  const annotated =
    entity.metadata.annotations?.[DEAD_LETTER_SERVICE_ANNOTATION]?.trim();
  return annotated ? annotated : entity.metadata.name;
}

/**
 * The catalog entity a service's dead letters are authorised against.
 *
 * @public
 */
export function deadLetterServiceEntityRef(service: string): string {
  return stringifyEntityRef({
    kind: 'Component',
    namespace: 'default',
    name: service,
  });
}

/**
 * Owner ref used in the squad overview for services that are not in the
 * catalog or have no owner.
 *
 * @public
 */
export const UNOWNED = 'unowned';

/**
 * The service a dead letter is stored under when it cannot be told: no
 * service header and no original queue the service rule matches. Not a
 * valid entity name (so no catalog entity, and no entity tab, is ever
 * mistaken for it), and only unreserved URL characters (so it passes as a
 * query value as it is).
 *
 * @public
 */
export const UNASSIGNED_SERVICE = '~unassigned';

/**
 * The squad overview's entry for the unassigned dead letters.
 *
 * @public
 */
export const UNASSIGNED = 'unassigned';

/** True for the service of the unassigned dead letters. @public */
export function isUnassignedService(service: string | undefined | null) {
  return service === UNASSIGNED_SERVICE;
}

/** How a service is named to people: "Unassigned" for the unassigned ones. @public */
export function deadLetterServiceLabel(service: string): string {
  return isUnassignedService(service) ? 'Unassigned' : service;
}

/**
 * Fills a log link template such as
 * `https://logs.example.com/search?q={correlationId}`. Placeholders:
 * `{correlationId}`, `{messageId}`, `{service}`, `{environment}`, `{queue}`.
 * Values are URL-encoded; missing values become empty.
 *
 * @public
 */
export function buildLogLink(
  template: string,
  values: {
    correlationId?: string | null;
    messageId?: string | null;
    service?: string | null;
    environment?: string | null;
    queue?: string | null;
  },
): string {
  return template.replace(
    /\{(correlationId|messageId|service|environment|queue)\}/g,
    (_m, key: keyof typeof values) => encodeURIComponent(values[key] ?? ''),
  );
}
