import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import GroupWorkIcon from '@material-ui/icons/GroupWork';
import PhoneInTalkIcon from '@material-ui/icons/PhoneInTalk';
import {
  OnCallClient,
  onCallApiRef,
  SecurityClient,
  securityApiRef,
  SquadOverviewClient,
  squadOverviewApiRef,
} from './api';
import { mySquadRouteRef, onCallRouteRef } from './routes';

/** Groups of type squad (not tribes): where the overview applies. */
export const isSquadFilter = { kind: 'group', 'spec.type': 'squad' };

export const squadOverviewApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: squadOverviewApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SquadOverviewClient({ discoveryApi, fetchApi }),
    }),
});

/** On-call through the PagerDuty plugin's backend. */
export const onCallApi = ApiBlueprint.make({
  name: 'on-call',
  params: defineParams =>
    defineParams({
      api: onCallApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OnCallClient({ discoveryApi, fetchApi }),
    }),
});

/** CVE figures through the release-status backend's typed client. */
export const securityApi = ApiBlueprint.make({
  name: 'security',
  params: defineParams =>
    defineParams({
      api: securityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * "Overview", the first tab of a squad: at the entity's root path and in
 * the catalog's "overview" group, which the entity page orders first. The
 * catalog's stock overview steps aside for squads (app-config.yaml) and its
 * cards move to the squad's "About" tab.
 */
export const squadOverviewContent = EntityContentBlueprint.make({
  name: 'squad',
  params: {
    path: '/',
    title: 'Overview',
    group: 'overview',
    filter: isSquadFilter,
    loader: () =>
      import('./components/SquadOverviewContent').then(m => (
        <m.SquadOverviewContent />
      )),
  },
});

/** "About" on squads: profile, ownership and members (the stock cards). */
export const squadAboutContent = EntityContentBlueprint.make({
  name: 'squad-about',
  params: {
    path: '/about',
    title: 'About',
    filter: isSquadFilter,
    loader: () =>
      import('./components/SquadAboutContent').then(m => (
        <m.SquadAboutContent />
      )),
  },
});

/** "My squad" in the sidebar. */
export const mySquadPage = PageBlueprint.make({
  name: 'my-squad',
  params: {
    path: '/my-squad',
    title: 'My squad',
    icon: <GroupWorkIcon />,
    routeRef: mySquadRouteRef,
    loader: () =>
      import('./components/MySquadPage').then(m => <m.MySquadPage />),
  },
});

/** "On Call" in the sidebar: every squad's on-call now. */
export const onCallPage = PageBlueprint.make({
  name: 'on-call',
  params: {
    path: '/on-call',
    title: 'On Call',
    icon: <PhoneInTalkIcon />,
    routeRef: onCallRouteRef,
    loader: () => import('./components/OnCallPage').then(m => <m.OnCallPage />),
  },
});

/** @public */
export const squadOverviewPlugin = createFrontendPlugin({
  pluginId: 'squad-overview',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    squadOverviewApi,
    onCallApi,
    securityApi,
    squadOverviewContent,
    squadAboutContent,
    mySquadPage,
    onCallPage,
  ],
  routes: {
    mySquad: mySquadRouteRef,
    onCall: onCallRouteRef,
  },
});
