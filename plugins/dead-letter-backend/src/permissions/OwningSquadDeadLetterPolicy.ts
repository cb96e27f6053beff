import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
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
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  deadLetterDeletePermission,
  deadLetterRedeliverPermission,
  deadLetterUnassignedPermission,
} from '@internal/backstage-plugin-dead-letter-common';

/**
 * Only members of the squad that owns a service (its catalog
 * entity's owner) may delete or redeliver that service's dead letters.
 * Members of the configured admin groups may act on every
 * service, and are the only ones who see and act on the unassigned dead
 * letters (`dead-letter.unassigned.manage`). Everything else goes to the
 * fallback policy (default: allow).
 *
 * The decision is conditional on the catalog's `IS_ENTITY_OWNER` rule, so the
 * catalog evaluates it against `component:default/<service>`; a service that
 * is not in the catalog has no owner, and nobody may delete or redeliver its
 * messages under this policy.
 *
 * @public
 */
export class OwningSquadDeadLetterPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      userInfo: UserInfoService;
      /** Groups (entity refs) whose members may act on every service. */
      adminGroups?: string[];
      fallback?: PermissionPolicy;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const unassigned = isPermission(permission, deadLetterUnassignedPermission);
    if (
      unassigned ||
      isPermission(permission, deadLetterDeletePermission) ||
      isPermission(permission, deadLetterRedeliverPermission)
    ) {
      const principal = user?.credentials.principal as
        | { type?: string }
        | undefined;
      if (!user || principal?.type !== 'user') {
        return { result: AuthorizeResult.DENY };
      }
      const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
        user.credentials,
      );
      const admins = new Set(
        (this.options.adminGroups ?? []).map(ref => ref.toLocaleLowerCase()),
      );
      if (
        ownershipEntityRefs.some(ref => admins.has(ref.toLocaleLowerCase()))
      ) {
        return { result: AuthorizeResult.ALLOW };
      }
      if (unassigned) {
        // No squad owns them: only admins see and act on them.
        return { result: AuthorizeResult.DENY };
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (this.options.fallback) {
      return this.options.fallback.handle(request, user);
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/**
 * Installs {@link OwningSquadDeadLetterPolicy} as the permission policy, with
 * the admin groups from `deadLetter.permissions.adminGroups`. The portal's
 * backend installs it by default (instead of the allow-all policy module):
 * `backend.add(deadLetterOwningSquadPolicyModule)`.
 *
 * @public
 */
export const deadLetterOwningSquadPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'dead-letter-owning-squad-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ config, policy, userInfo }) {
        const adminGroups = (
          config.getOptionalStringArray('deadLetter.permissions.adminGroups') ??
          []
        ).map(ref =>
          stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group' })),
        );
        policy.setPolicy(
          new OwningSquadDeadLetterPolicy({ userInfo, adminGroups }),
        );
      },
    });
  },
});
