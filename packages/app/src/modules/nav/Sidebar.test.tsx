import { render, screen, within } from '@testing-library/react';
import { createApp } from '@backstage/frontend-defaults';
import { useEffect } from 'react';
import {
  createFrontendModule,
  createFrontendPlugin,
  createRouteRef,
  FrontendFeature,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import { mockApis } from '@backstage/frontend-test-utils';
import { navModule } from '.';

/** A plugin with one titled page, standing in for the real plugin. */
const pluginWithPage = (pluginId: string, path: string, title: string) =>
  createFrontendPlugin({
    pluginId,
    extensions: [
      PageBlueprint.make({
        params: {
          path,
          title,
          // Pages without an icon get no nav item.
          icon: <span />,
          routeRef: createRouteRef(),
          loader: async () => <div>{title} page</div>,
        },
      }),
    ],
  });

const stockPages = [
  // Deliberately not in sidebar order.
  pluginWithPage('scaffolder', '/create', 'Create'),
  pluginWithPage('api-docs', '/api-docs', 'APIs'),
  pluginWithPage('catalog', '/catalog', 'Catalog'),
  pluginWithPage('techdocs', '/docs', 'Docs'),
  pluginWithPage('search', '/search', 'Search'),
  pluginWithPage('catalog-import', '/catalog-import', 'Register'),
];

/** Signs in at once, as a guest, without an auth backend. */
const testShell = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => props => {
          useEffect(() => {
            props.onSignInSuccess({
              getProfileInfo: async () => ({}),
              getBackstageIdentity: async () => ({
                type: 'user',
                userEntityRef: 'user:default/guest',
                ownershipEntityRefs: [],
              }),
              getCredentials: async () => ({}),
              signOut: async () => {},
            });
          }, [props]);
          return null;
        },
      },
    }),
  ],
});

function renderApp(features: FrontendFeature[]) {
  const app = createApp({
    // The sidebar's notification item needs the notifications plugin's route.
    features: [testShell, navModule, notificationsPlugin, ...features],
    advanced: {
      configLoader: async () => ({
        config: mockApis.config({
          data: {
            app: { title: 'Test', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
        }),
      }),
    },
  });
  render(app.createRoot());
}

async function sidebarLinks() {
  const nav = await screen.findByRole(
    'navigation',
    { name: 'sidebar nav' },
    { timeout: 10_000 },
  );
  await within(nav).findByRole('link', { name: 'Catalog' });
  const logo = within(nav).getByRole('link', { name: 'Lunar home' });
  return within(nav)
    .getAllByRole('link')
    .filter(link => link !== logo)
    .map(link => link.textContent?.trim());
}

describe('the sidebar', () => {
  it('lists the portal sections in order, then other pages by title', async () => {
    renderApp([
      ...stockPages,
      pluginWithPage('squad-overview', '/squads', 'Squads'),
      pluginWithPage('dead-letter', '/dead-letter', 'Dead Letter'),
      pluginWithPage('release-status', '/releases', 'Releases'),
    ]);

    // The whole list, in order: a missing, extra or moved item fails.
    // Register is reached from the catalog, not from the sidebar.
    expect(await sidebarLinks()).toEqual([
      'Search',
      'Catalog',
      'Tech Docs',
      'API Docs',
      'Dead Letter',
      'Create...',
      // Other pages, by title.
      'Releases',
      'Squads',
      // At the bottom.
      'Notifications',
    ]);
    expect(
      within(screen.getByRole('link', { name: 'Lunar home' })).getByRole(
        'img',
        {
          name: 'Lunar',
        },
      ),
    ).toBeInTheDocument();
  });

  it('leaves Dead Letter out until its plugin is installed', async () => {
    renderApp(stockPages);

    expect(await sidebarLinks()).toEqual([
      'Search',
      'Catalog',
      'Tech Docs',
      'API Docs',
      'Create...',
      'Notifications',
    ]);
  });

  it('wraps long labels instead of cutting them off', async () => {
    renderApp([
      ...stockPages,
      pluginWithPage('database-access', '/database-access', 'Database access'),
    ]);
    await sidebarLinks();
    const link = screen.getByRole('link', { name: 'Database access' });
    const label = within(link).getByText('Database access');
    expect(getComputedStyle(label).whiteSpace).toBe('normal');
    expect(getComputedStyle(label).textOverflow).not.toBe('ellipsis');
  });
});
