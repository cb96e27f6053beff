import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { releaseStatusApiRef, ReleaseStatusClient } from './api';
import { isReleaseStatusAvailable } from '@internal/backstage-plugin-release-status-common';

export const releaseStatusApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: releaseStatusApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleaseStatusClient({ discoveryApi, fetchApi }),
    }),
});

/** "Releases" on service components. */
export const entityReleasesContent = EntityContentBlueprint.make({
  name: 'service',
  params: {
    path: '/releases',
    title: 'Releases',
    filter: isReleaseStatusAvailable,
    loader: () =>
      import('./components/EntityReleasesContent').then(m => (
        <m.EntityReleasesContent />
      )),
  },
});

/** "Releases" on squads (groups of type squad, not tribes). */
export const groupReleasesContent = EntityContentBlueprint.make({
  name: 'squad',
  params: {
    path: '/releases',
    title: 'Releases',
    filter: { kind: 'group', 'spec.type': 'squad' },
    loader: () =>
      import('./components/GroupReleasesContent').then(m => (
        <m.GroupReleasesContent />
      )),
  },
});

export const releaseStatusPlugin = createFrontendPlugin({
  pluginId: 'release-status',
  info: { packageJson: () => import('../package.json') },
  extensions: [releaseStatusApi, entityReleasesContent, groupReleasesContent],
});
