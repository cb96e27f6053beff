import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { ServiceDrift, SquadDrift } from '../../api';
import { releaseStatusApiRef } from '../../api';
import {
  DEV_SHA,
  devRelease,
  driftingService,
  prodBehindDev,
  prodRelease,
  realClient,
  release,
  squadGemini,
} from '../../__testUtils__/fixtures';
import { GroupReleasesContent } from './GroupReleasesContent';

const base = 'http://example.com/api/release-status';
const squadUrl = `${base}/squads/${encodeURIComponent(
  'group:default/squad-gemini',
)}/drift`;

function service(name: string, overrides: Partial<ServiceDrift>): ServiceDrift {
  return {
    service: name,
    entityRef: `component:default/${name}`,
    hasReleases: true,
    drifting: false,
    environments: [
      { environment: 'dev', release: release({ service: name }) },
      { environment: 'staging' },
      {
        environment: 'prod',
        release: release({ service: name, environment: 'prod' }),
      },
    ],
    pairs: [],
    ...overrides,
  };
}

function renderTab() {
  return renderInTestApp(
    <EntityProvider entity={squadGemini}>
      <GroupReleasesContent />
    </EntityProvider>,
    {
      apis: [[releaseStatusApiRef, realClient()]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('GroupReleasesContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists every service of the squad, drifting ones first', async () => {
    const squad: SquadDrift = {
      squad: 'group:default/squad-gemini',
      environments: ['dev', 'staging', 'prod'],
      // Deliberately not drifting-first: the tab must not depend on it.
      services: [
        service('account-api', {}),
        service('savings', { hasReleases: false, environments: [] }),
        driftingService,
      ],
    };
    server.use(http.get(squadUrl, () => HttpResponse.json(squad)));

    await renderTab();

    expect(
      await screen.findByText('Releases of squad-gemini'),
    ).toBeInTheDocument();
    expect(screen.getByText('3 services, 1 drifting')).toBeInTheDocument();

    const headers = screen
      .getAllByRole('columnheader')
      .map(h => h.textContent?.trim());
    expect(headers).toEqual(['Service', 'dev', 'staging', 'prod', 'Drift']);

    const rows = screen.getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['term-deposit', 'account-api', 'savings']);

    const termDeposit = rows[0];
    expect(
      within(termDeposit).getByText('prod is 3 days and 12 commits behind dev'),
    ).toBeInTheDocument();
    expect(
      within(termDeposit).getByText(DEV_SHA.slice(0, 7)),
    ).toBeInTheDocument();
    expect(
      within(termDeposit).getByText('term-deposit').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/component/term-deposit');
    expect(within(termDeposit).getByText('not released')).toBeInTheDocument();
    expect(within(rows[1]).getByText('in sync')).toBeInTheDocument();
    expect(within(rows[2]).getByText('no releases')).toBeInTheDocument();
  });

  it('says how long without commits (the squad view does not fetch them)', async () => {
    server.use(
      http.get(squadUrl, () =>
        HttpResponse.json({
          squad: 'group:default/squad-gemini',
          environments: ['dev', 'prod'],
          services: [
            {
              ...driftingService,
              environments: [
                { environment: 'dev', release: devRelease },
                { environment: 'prod', release: prodRelease },
              ],
              pairs: [
                {
                  ...prodBehindDev,
                  commitsAvailable: false,
                  commitsUnavailableReason: 'not-requested',
                  commitCount: undefined,
                },
              ],
            },
          ],
        } satisfies SquadDrift),
      ),
    );

    await renderTab();

    expect(
      await screen.findByText('prod is 3 days behind dev'),
    ).toBeInTheDocument();
  });

  it('explains a squad without services', async () => {
    server.use(
      http.get(squadUrl, () =>
        HttpResponse.json({
          squad: 'group:default/squad-gemini',
          environments: ['dev', 'staging', 'prod'],
          services: [],
        }),
      ),
    );

    await renderTab();

    expect(
      await screen.findByText('squad-gemini owns no services'),
    ).toBeInTheDocument();
  });

  it('shows the backend error instead of a blank tab', async () => {
    server.use(
      http.get(squadUrl, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'catalog is unreachable' } },
          { status: 500 },
        ),
      ),
    );

    await renderTab();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Error: Request failed with 500 .*catalog is unreachable/,
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
