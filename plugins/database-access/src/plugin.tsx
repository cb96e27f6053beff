import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import { isDatabaseResource } from '@internal/backstage-plugin-database-access-common';
import { DatabaseAccessClient, databaseAccessApiRef } from './api';
import { rootRouteRef } from './routes';

/** The client for the database-access backend. */
export const databaseAccessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: databaseAccessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DatabaseAccessClient({ discoveryApi, fetchApi }),
    }),
});

/** Sidebar page "Database access": tabs Requests and History. */
export const databaseAccessPage = PageBlueprint.make({
  params: {
    path: '/database-access',
    title: 'Database access',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/DatabaseAccessPage').then(m => (
        <m.DatabaseAccessPage />
      )),
  },
});

/** Entity tab "Access" on Resources of type database. */
export const databaseAccessEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/access',
    title: 'Access',
    filter: isDatabaseResource,
    loader: () =>
      import('./components/EntityAccessContent').then(m => (
        <m.EntityAccessContent />
      )),
  },
});

/** @public */
export const databaseAccessPlugin = createFrontendPlugin({
  pluginId: 'database-access',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    databaseAccessApi,
    databaseAccessPage,
    databaseAccessEntityContent,
  ],
  routes: {
    root: rootRouteRef,
  },
});
