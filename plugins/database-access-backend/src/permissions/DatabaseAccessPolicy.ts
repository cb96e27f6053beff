import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  databaseAccessAuditReadPermission,
  databaseAccessGrantRevokePermission,
  databaseAccessRequestApprovePermission,
  databaseAccessRequestCreatePermission,
} from '@internal/backstage-plugin-database-access-common';

/**
 * The owning-squad rule for database access: approving, rejecting and
 * revoking others' access to a database is for members of the group that
 * owns its Resource in the catalog (the catalog's `IS_ENTITY_OWNER` over the
 * caller's ownership claims). Any signed-in user may request and read the
 * audit trail. The backend refuses the requester as approver whatever a
 * policy says. Every other permission goes to the fallback (default: allow),
 * so this policy composes with the portal's others.
 *
 * @public
 */
export class DatabaseAccessPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      userInfo: UserInfoService;
      fallback?: PermissionPolicy;
    },
  ) {}

  /** True for the permissions this policy decides. */
  static handles(request: PolicyQuery): boolean {
    return [
      databaseAccessRequestApprovePermission,
      databaseAccessGrantRevokePermission,
      databaseAccessRequestCreatePermission,
      databaseAccessAuditReadPermission,
    ].some(p => isPermission(request.permission, p));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!DatabaseAccessPolicy.handles(request)) {
      return this.options.fallback
        ? this.options.fallback.handle(request, user)
        : { result: AuthorizeResult.ALLOW };
    }
    const principal = user?.credentials.principal as
      | { type?: string }
      | undefined;
    if (!user || principal?.type !== 'user') {
      return { result: AuthorizeResult.DENY };
    }
    if (
      isPermission(permission, databaseAccessRequestApprovePermission) ||
      isPermission(permission, databaseAccessGrantRevokePermission)
    ) {
      const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
        user.credentials,
      );
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
