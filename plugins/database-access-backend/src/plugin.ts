import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { databaseAccessPermissions } from '@internal/backstage-plugin-database-access-common';

/**
 * Database-access backend.
 *
 * @public
 */
export const databaseAccessPlugin = createBackendPlugin({
  pluginId: 'database-access',
  register(env) {
    env.registerInit({
      deps: {
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ permissionsRegistry }) {
        permissionsRegistry.addPermissions(databaseAccessPermissions);
      },
    });
  },
});
