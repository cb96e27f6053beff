import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Ask for access to a database. Basic permission: the default policy allows
 * every signed-in user.
 *
 * @public
 */
export const databaseAccessRequestCreatePermission = createPermission({
  name: 'database-access.request.create',
  attributes: { action: 'create' },
});

/**
 * Approve or reject a request for a database. The resource is the database
 * Resource's catalog entity; the default policy allows members of the squad
 * that owns it. The backend refuses the requester whatever the policy says.
 *
 * @public
 */
export const databaseAccessRequestApprovePermission = createPermission({
  name: 'database-access.request.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * End someone else's grant early. The resource is the database Resource's
 * catalog entity; the default policy allows members of the owning squad. The
 * requester may always end their own grant.
 *
 * @public
 */
export const databaseAccessGrantRevokePermission = createPermission({
  name: 'database-access.grant.revoke',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the audit trail and the access history of every database. Basic
 * permission: the default policy allows every signed-in user (the trail is
 * meant to be visible).
 *
 * @public
 */
export const databaseAccessAuditReadPermission = createPermission({
  name: 'database-access.audit.read',
  attributes: { action: 'read' },
});

/**
 * All permissions of the database-access plugin.
 *
 * @public
 */
export const databaseAccessPermissions = [
  databaseAccessRequestCreatePermission,
  databaseAccessRequestApprovePermission,
  databaseAccessGrantRevokePermission,
  databaseAccessAuditReadPermission,
];
