import { Entity } from '@backstage/catalog-model';

/**
 * Names the service as the release manager knows it, when it differs from the
 * entity name.
 *
 * @public
 */
export const RELEASE_MANAGER_SERVICE_ANNOTATION =
  'lunar.app/release-manager-service';

/**
 * The GitHub repository (`owner/name`) used to list commits between two shas.
 *
 * @public
 */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/**
 * Whether release status applies to the entity: service Components.
 *
 * @public
 */
export function isReleaseStatusAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    typeof entity.spec?.type === 'string' &&
    entity.spec.type.toLocaleLowerCase('en-US') === 'service'
  );
}

/**
 * The release manager's name for the service of the entity: the
 * `lunar.app/release-manager-service` annotation, else the entity name.
 *
 * @public
 */
export function releaseServiceName(entity: Entity): string {
  const annotated =
    entity.metadata.annotations?.[RELEASE_MANAGER_SERVICE_ANNOTATION]?.trim();
  return annotated ? annotated : entity.metadata.name;
}
