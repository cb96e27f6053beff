import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isShuttleAvailable } from '@internal/backstage-plugin-shuttle-common';

/**
 * The "Build" card: what shuttle.yaml says about the entity (plan, ref,
 * vars) and any problem found reading it. Shown only where the shuttle
 * catalog module left data or problems on the entity.
 */
export const shuttleBuildCard = EntityCardBlueprint.make({
  name: 'build',
  params: {
    // Beside About, at the top of the page: a broken shuttle.yaml is seen
    // without scrolling past the API and dependency tables.
    type: 'info',
    filter: isShuttleAvailable,
    loader: () => import('./components/BuildCard').then(m => <m.BuildCard />),
  },
});

/** @public */
export const shuttlePlugin = createFrontendPlugin({
  pluginId: 'shuttle',
  info: { packageJson: () => import('../package.json') },
  extensions: [shuttleBuildCard],
});
