import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { DatabaseAccessPolicy } from '@internal/backstage-plugin-database-access-backend';
import { OwningSquadDeadLetterPolicy } from '@internal/backstage-plugin-dead-letter-backend';

/**
 * The portal's one permission policy (a backend can install only one): the
 * database-access owning-squad rule, then the dead-letter owning-squad rule
 * (with `deadLetter.permissions.adminGroups`), then allow.
 *
 * @public
 */
export const portalPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
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
          new DatabaseAccessPolicy({
            userInfo,
            fallback: new OwningSquadDeadLetterPolicy({
              userInfo,
              adminGroups,
            }),
          }),
        );
      },
    });
  },
});
