import { render, screen, within } from '@testing-library/react';
import { createApp } from '@backstage/frontend-defaults';
import { useEffect } from 'react';
import {
  ApiBlueprint,
  createFrontendModule,
  createFrontendPlugin,
  FrontendFeature,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  NotificationsApi,
  notificationsApiRef,
} from '@backstage/plugin-notifications';
import { ConfigReader } from '@backstage/config';
import { navModule } from '.';

/** A plugin with one titled page, standing in for the real plugin. */
const pluginWithPage = (pluginId: string, path: string, title: string) =>
  createFrontendPlugin({
    pluginId,
    extensions: [
      PageBlueprint.make({
        params: { path, title, loader: async () => <div>{title} page</div> },
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

/**
 * Signs in at once, as a guest, without an auth backend; and answers the
 * sidebar's notification count without a notifications backend.
 */
const testShell = createFrontendModule({
  pluginId: 'app',
  extensions: [
    ApiBlueprint.make({
      name: 'notifications-stub',
      params: defineParams =>
        defineParams({
          api: notificationsApiRef,
          deps: {},
          factory: () =>
            ({
              getStatus: async () => ({ unread: 0, read: 0 }),
              getNotifications: async () => ({ notifications: [], totalCount: 0 }),
              getNotificationSettings: async () => ({ channels: [] }),
            } as unknown as NotificationsApi),
        }),
    }),
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
    features: [testShell, navModule, ...features],
    advanced: {
      configLoader: async () => ({
        config: new ConfigReader({
          app: { title: 'Test', baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
        }),
      }),
    },
  });
  render(app.createRoot());
}

async function sidebarLinks() {
  const nav = await screen.findByRole('navigation', { name: 'sidebar nav' });
  return within(nav)
    .getAllByRole('link')
    .map(link => link.textContent?.trim())
    .filter(Boolean);
}

describe('the sidebar', () => {
  it('lists the portal sections in order, then other pages by title', async () => {
    renderApp([
      ...stockPages,
      pluginWithPage('squad-overview', '/squads', 'Squads'),
      pluginWithPage('dead-letter', '/dead-letter', 'Dead Letter'),
      pluginWithPage('release-status', '/releases', 'Releases'),
    ]);

    const links = await sidebarLinks();
    expect(links.slice(0, 6)).toEqual([
      'Search',
      'Catalog',
      'Tech Docs',
      'API Docs',
      'Dead Letter',
      'Create...',
    ]);
    expect(links.indexOf('Releases')).toBeLessThan(links.indexOf('Squads'));
    expect(links.indexOf('Releases')).toBeGreaterThan(5);
    // Reached from the catalog, not from the sidebar.
    expect(links).not.toContain('Register');
  });

  it('leaves Dead Letter out until its plugin is installed', async () => {
    renderApp(stockPages);

    expect((await sidebarLinks()).slice(0, 5)).toEqual([
      'Search',
      'Catalog',
      'Tech Docs',
      'API Docs',
      'Create...',
    ]);
  });
});
