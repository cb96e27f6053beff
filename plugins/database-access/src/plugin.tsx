import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
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

/** Sidebar page "Database access", with its tabs below. */
export const databaseAccessPage = PageBlueprint.make({
  params: {
    path: '/database-access',
    title: 'Database access',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
  },
});

/** Tab "Requests": waiting for me, my requests, and "Request access". */
export const databaseAccessRequestsPage = SubPageBlueprint.make({
  name: 'requests',
  params: {
    path: 'requests',
    title: 'Requests',
    loader: () =>
      import('./components/DatabaseAccessPage').then(m => <m.RequestsPage />),
  },
});

/** Tab "History": who had access to which database when. */
export const databaseAccessHistoryPage = SubPageBlueprint.make({
  name: 'history',
  params: {
    path: 'history',
    title: 'History',
    loader: () =>
      import('./components/DatabaseAccessPage').then(m => <m.HistoryPage />),
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
    databaseAccessRequestsPage,
    databaseAccessHistoryPage,
    databaseAccessEntityContent,
  ],
  routes: {
    root: rootRouteRef,
  },
});
