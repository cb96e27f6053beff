import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read the dead letters of a service. The resource is the service's catalog
 * entity (`component:default/<service>`).
 *
 * @public
 */
export const deadLetterReadPermission = createPermission({
  name: 'dead-letter.message.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Delete dead letters of a service.
 *
 * @public
 */
export const deadLetterDeletePermission = createPermission({
  name: 'dead-letter.message.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Publish dead letters of a service back to their original queue.
 *
 * @public
 */
export const deadLetterRedeliverPermission = createPermission({
  name: 'dead-letter.message.redeliver',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read, delete and redeliver the unassigned dead letters (whose service
 * could not be told, `UNASSIGNED_SERVICE`). No catalog entity stands behind
 * them, so this is a basic permission; the owning-squad policy allows it to
 * the admin groups only.
 *
 * @public
 */
export const deadLetterUnassignedPermission = createPermission({
  name: 'dead-letter.unassigned.manage',
  attributes: {},
});

/**
 * All permissions of the dead-letter plugin.
 *
 * @public
 */
export const deadLetterPermissions = [
  deadLetterReadPermission,
  deadLetterDeletePermission,
  deadLetterRedeliverPermission,
  deadLetterUnassignedPermission,
];
