import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { Theme, ThemeProvider } from '@material-ui/core/styles';
import MenuIcon from '@material-ui/icons/Menu';
import NotificationsIcon from '@material-ui/icons/Notifications';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import { SidebarLogo } from './SidebarLogo';

/**
 * The fixed part of the sidebar, in this order (PRODUCT.md, C1). Pages that
 * later capabilities add follow below, sorted by title.
 */
export const primaryNavItems: { id: string; title?: string }[] = [
  { id: 'page:search' },
  { id: 'page:catalog' },
  { id: 'page:squad-overview/my-squad', title: 'My squad' },
  { id: 'page:techdocs', title: 'Tech Docs' },
  { id: 'page:api-docs', title: 'API Docs' },
  { id: 'page:squad-overview/on-call', title: 'On Call' },
  { id: 'page:dead-letter', title: 'Dead Letter' },
  { id: 'page:scaffolder', title: 'Create...' },
];

/** Pages that exist but are reached from elsewhere, not from the sidebar. */
const hiddenNavItems = [
  'page:home',
  'page:catalog-graph', // from the relations card on every entity
  'page:catalog-import', // from the catalog's "Register existing component"
  'page:notifications', // NotificationsSidebarItem at the bottom
  'page:app-visualizer', // a developer tool, at /visualizer
];

/**
 * The stock item cuts its label off at one line of about 110 px ("Database
 * acce…", "Notifications (…"). Labels wrap onto a second line instead (an
 * item is 48 px high), so every word shows and the accessible name stays the
 * whole label. The drawer keeps its width: the page beside it is laid out for
 * the stock one.
 */
const wrapLabels = (outer: Theme): Theme => ({
  ...outer,
  overrides: {
    ...outer.overrides,
    BackstageSidebarItem: {
      ...(outer.overrides as Record<string, object> | undefined)
        ?.BackstageSidebarItem,
      label: {
        whiteSpace: 'normal',
        overflowWrap: 'break-word',
        lineHeight: 1.2,
        textOverflow: 'clip',
      },
    },
  } as Theme['overrides'],
});

const titles = new Map(
  primaryNavItems.filter(i => i.title).map(i => [i.id, i.title!]),
);

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent(item => (
        <SidebarItem
          icon={() => item.icon}
          to={item.href}
          text={titles.get(item.node.spec.id) ?? item.title}
        />
      ));

      const primary = primaryNavItems.map(({ id }) => nav.take(id));
      const settings = nav.take('page:user-settings');
      hiddenNavItems.forEach(id => nav.take(id));

      return (
        <ThemeProvider theme={wrapLabels}>
          <Sidebar>
            <SidebarLogo />
            <SidebarGroup label="Menu" icon={<MenuIcon />}>
              {primary}
              <SidebarDivider />
              <SidebarScrollWrapper>
                {nav.rest({ sortBy: 'title' })}
              </SidebarScrollWrapper>
            </SidebarGroup>
            <SidebarSpace />
            <SidebarDivider />
            <NotificationsSidebarItem
              renderItem={({ unreadCount, to, onClick }) => (
                // The item's name is its text: with the stock item the unread
                // badge was visible text missing from the name (WCAG 2.5.3).
                <SidebarItem
                  to={to}
                  onClick={onClick}
                  icon={NotificationsIcon}
                  text={
                    unreadCount > 0
                      ? `Notifications (${unreadCount} unread)`
                      : 'Notifications'
                  }
                />
              )}
            />
            <SidebarDivider />
            <SidebarGroup
              label="Settings"
              icon={<UserSettingsSignInAvatar />}
              to="/settings"
            >
              {settings}
            </SidebarGroup>
          </Sidebar>
        </ThemeProvider>
      );
    },
  },
});
