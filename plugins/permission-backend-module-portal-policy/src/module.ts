import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
// The policies live with the plugins whose rules they encode; composing
// them into the one installed policy is this module's whole purpose.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { DatabaseAccessPolicy } from '@internal/backstage-plugin-database-access-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
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
