import { Entity } from '@backstage/catalog-model';

/**
 * Annotation on a database Resource naming the physical database on the
 * server when it differs from the Resource's name.
 *
 * @public
 */
export const DATABASE_NAME_ANNOTATION = 'lunar.app/database-name';

/**
 * True for Resources of `spec.type: database`: the entities the Access tab
 * is shown on.
 *
 * @public
 */
export function isDatabaseResource(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (entity.spec as { type?: unknown } | undefined)?.type === 'database'
  );
}

/**
 * The physical database a Resource maps to: its
 * `lunar.app/database-name` annotation, else its name.
 *
 * @public
 */
export function databaseNameOf(entity: Entity): string {
  return (
    entity.metadata.annotations?.[DATABASE_NAME_ANNOTATION] ||
    entity.metadata.name
  );
}
