import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityReleasesContent } from './EntityReleasesContent';
import {
  DEV_SHA,
  PROD_SHA,
  devRelease,
  driftingService,
  hoursAgo,
  prodBehindDev,
  prodRelease,
  realClient,
  release,
  termDeposit,
} from '../../__testUtils__/fixtures';
import { releaseStatusApiRef } from '../../api';

const base = 'http://example.com/api/release-status';

function renderTab() {
  return renderInTestApp(
    <EntityProvider entity={termDeposit}>
      <EntityReleasesContent />
    </EntityProvider>,
    { apis: [[releaseStatusApiRef, realClient()]] },
  );
}

describe('EntityReleasesContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows each environment in the backend order with the drift banner', async () => {
    server.use(
      http.get(`${base}/services/term-deposit/drift`, () =>
        HttpResponse.json(driftingService),
      ),
      http.get(`${base}/services/term-deposit/history`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        expect(query.get('limit')).toBe('50');
        return HttpResponse.json({
          service: 'term-deposit',
          releases:
            query.get('environment') === 'dev'
              ? [
                  devRelease,
                  release({
                    sha: undefined,
                    artifactId: 'feature-x-abcdef1234-67e9d69164',
                    releasedAt: hoursAgo(50),
                    message: 'Older change',
                    intent: 'rollback',
                  }),
                ]
              : [prodRelease],
        });
      }),
    );

    await renderTab();

    expect(
      await screen.findByText('prod is 3 days and 12 commits behind dev'),
    ).toBeInTheDocument();

    // Columns in the backend's order: dev -> staging -> prod.
    const cards = screen.getAllByTestId(/^environment-/);
    expect(cards.map(c => c.getAttribute('data-testid'))).toEqual([
      'environment-dev',
      'environment-staging',
      'environment-prod',
    ]);

    const dev = screen.getByTestId('environment-dev');
    expect(within(dev).getByText(devRelease.artifactId)).toBeInTheDocument();
    expect(
      within(dev).getByText(DEV_SHA.slice(0, 7)).closest('a'),
    ).toHaveAttribute(
      'href',
      `https://github.com/lunarway/term-deposit/commit/${DEV_SHA}`,
    );
    expect(within(dev).getByText('1 day ago')).toBeInTheDocument();
    expect(within(dev).getByText('Bjørn Sørensen')).toBeInTheDocument();
    expect(within(dev).getByText('1 critical')).toBeInTheDocument();
    expect(within(dev).getByText('1 high')).toBeInTheDocument();
    expect(within(dev).getByText('2 medium')).toBeInTheDocument();
    expect(within(dev).getByText('3 low')).toBeInTheDocument();
    // No figures sent is not a clean scan.
    const prodCard = screen.getByTestId('environment-prod');
    expect(within(prodCard).getByText('not scanned')).toBeInTheDocument();
    expect(within(prodCard).queryByText('0 high')).not.toBeInTheDocument();

    expect(
      within(screen.getByTestId('environment-staging')).getByText(
        'Nothing released to staging yet.',
      ),
    ).toBeInTheDocument();

    const prod = screen.getByTestId('environment-prod');
    expect(within(prod).getByText(PROD_SHA.slice(0, 7))).toBeInTheDocument();
    expect(within(prod).getByText('4 days ago')).toBeInTheDocument();
    expect(within(prod).getByText('Kasper Nissen')).toBeInTheDocument();

    // History: dev first, then switch to prod.
    expect(await screen.findByText('Older change')).toBeInTheDocument();
    expect(screen.getByText('rollback')).toBeInTheDocument();
    // No sha on the release: the ten characters of the artifact id stand in.
    expect(screen.getByText('abcdef1').closest('a')).toHaveAttribute(
      'href',
      'https://github.com/lunarway/term-deposit/commit/abcdef1234',
    );
    await userEvent.click(screen.getByRole('tab', { name: 'prod' }));
    expect(
      await screen.findByText('Fix rounding of interest'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Older change')).not.toBeInTheDocument();
    expect(screen.getByText('promote')).toBeInTheDocument();
  });

  it('says how long, without commits, when GitHub is not configured', async () => {
    server.use(
      http.get(`${base}/services/term-deposit/drift`, () =>
        HttpResponse.json({
          ...driftingService,
          pairs: [
            {
              ...prodBehindDev,
              commitsAvailable: false,
              commitsUnavailableReason: 'no-github-token',
              commitCount: undefined,
            },
          ],
        }),
      ),
      http.get(`${base}/services/term-deposit/history`, () =>
        HttpResponse.json({ service: 'term-deposit', releases: [] }),
      ),
    );

    await renderTab();

    expect(
      await screen.findByText('prod is 3 days behind dev'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Nothing has been released to dev yet.'),
    ).toBeInTheDocument();
  });

  it('links the sha to the commit URL the release carries', async () => {
    const entity = {
      ...termDeposit,
      metadata: { name: 'term-deposit', namespace: 'default' },
    };
    const commitUrl = `https://git.example.com/term-deposit/commit/${DEV_SHA}`;
    server.use(
      http.get(`${base}/services/term-deposit/drift`, () =>
        HttpResponse.json({
          service: 'term-deposit',
          hasReleases: true,
          drifting: false,
          environments: [
            { environment: 'dev', release: { ...devRelease, commitUrl } },
          ],
          pairs: [],
        }),
      ),
      http.get(`${base}/services/term-deposit/history`, () =>
        HttpResponse.json({ service: 'term-deposit', releases: [] }),
      ),
    );

    await renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityReleasesContent />
      </EntityProvider>,
      { apis: [[releaseStatusApiRef, realClient()]] },
    );

    expect(
      await screen.findByText(/No drift: no environment is behind another/),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('environment-dev'))
        .getByText(DEV_SHA.slice(0, 7))
        .closest('a'),
    ).toHaveAttribute('href', commitUrl);
  });

  it('explains an unknown service', async () => {
    server.use(
      http.get(`${base}/services/term-deposit/drift`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'Unknown service' } },
          { status: 404 },
        ),
      ),
    );

    await renderTab();

    expect(
      await screen.findByText('No releases known for term-deposit'),
    ).toBeInTheDocument();
  });

  it('explains a service that was never released', async () => {
    server.use(
      http.get(`${base}/services/term-deposit/drift`, () =>
        HttpResponse.json({
          service: 'term-deposit',
          hasReleases: false,
          drifting: false,
          environments: [
            { environment: 'dev' },
            { environment: 'staging' },
            { environment: 'prod' },
          ],
          pairs: [],
        }),
      ),
    );

    await renderTab();

    expect(
      await screen.findByText('term-deposit has no releases yet'),
    ).toBeInTheDocument();
  });

  it('shows the backend error instead of a blank tab', async () => {
    server.use(
      http.get(`${base}/services/term-deposit/drift`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'Release manager is unreachable',
            },
          },
          { status: 503 },
        ),
      ),
    );

    await renderTab();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Error: Request failed with 503 .*Release manager is unreachable/,
    );
    expect(screen.queryByTestId('environment-dev')).not.toBeInTheDocument();
  });

  it('asks the API for the service named by the entity', async () => {
    const getServiceDrift = jest.fn().mockResolvedValue(driftingService);
    const getReleaseHistory = jest.fn().mockResolvedValue([devRelease]);
    await renderInTestApp(
      <EntityProvider entity={termDeposit}>
        <EntityReleasesContent />
      </EntityProvider>,
      {
        apis: [[releaseStatusApiRef, { getServiceDrift, getReleaseHistory }]],
      },
    );
    expect(
      await screen.findByText('prod is 3 days and 12 commits behind dev'),
    ).toBeInTheDocument();
    expect(getServiceDrift).toHaveBeenCalledWith('term-deposit');
    expect(getReleaseHistory).toHaveBeenCalledWith('term-deposit', 'dev', {
      limit: 50,
    });
  });
});
