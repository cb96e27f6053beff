import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import { DeadLetterClient, deadLetterApiRef } from './api';
import { isDeadLetterAvailable } from '@internal/backstage-plugin-dead-letter-common';
import { rootRouteRef } from './routes';

/** The client for the dead-letter backend. */
export const deadLetterApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deadLetterApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeadLetterClient({ discoveryApi, fetchApi }),
    }),
});

/** Sidebar page "Dead Letter": counts per owning squad. */
export const deadLetterPage = PageBlueprint.make({
  params: {
    path: '/dead-letter',
    title: 'Dead Letter',
    icon: <ErrorOutlineIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/DeadLetterPage').then(m => <m.DeadLetterPage />),
  },
});

/** Entity tab "Dead letter" on services. */
export const deadLetterEntityContent = EntityContentBlueprint.make({
  name: 'service',
  params: {
    path: '/dead-letter',
    title: 'Dead letter',
    filter: isDeadLetterAvailable,
    loader: () =>
      import('./components/DeadLetterContent').then(m => (
        <m.DeadLetterContent />
      )),
  },
});

/** Entity tab "Dead letter" on groups (squads): their services' counts. */
export const deadLetterGroupEntityContent = EntityContentBlueprint.make({
  name: 'group',
  params: {
    path: '/dead-letter',
    title: 'Dead letter',
    filter: entity => entity.kind.toLocaleLowerCase('en-US') === 'group',
    loader: () =>
      import('./components/GroupDeadLetterContent').then(m => (
        <m.GroupDeadLetterContent />
      )),
  },
});

/** The search type of the dead-letter collator (dead-letter-backend). */
const SEARCH_TYPE = 'dead-letter';

/** Dead letters in the portal's search results. */
export const deadLetterSearchResultListItem =
  SearchResultListItemBlueprint.make({
    params: {
      icon: <ErrorOutlineIcon />,
      predicate: result => result.type === SEARCH_TYPE,
      component: () =>
        import('./components/DeadLetterSearchResult').then(m => props => (
          <m.DeadLetterSearchResultListItem {...props} />
        )),
    },
  });

/** "Dead letters" among the search page's result types. */
export const deadLetterSearchResultType = SearchFilterResultTypeBlueprint.make({
  params: {
    value: SEARCH_TYPE,
    name: 'Dead letters',
    icon: <ErrorOutlineIcon />,
  },
});

/** @public */
export const deadLetterPlugin = createFrontendPlugin({
  pluginId: 'dead-letter',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    deadLetterApi,
    deadLetterPage,
    deadLetterEntityContent,
    deadLetterGroupEntityContent,
    deadLetterSearchResultListItem,
    deadLetterSearchResultType,
  ],
  routes: {
    root: rootRouteRef,
  },
});
