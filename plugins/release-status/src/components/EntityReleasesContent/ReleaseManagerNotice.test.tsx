import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityReleasesContent } from './EntityReleasesContent';
import {
  driftingService,
  hoursAgo,
  realClient,
  termDeposit,
} from '../../__testUtils__/fixtures';
import { releaseStatusApiRef, ServiceDrift } from '../../api';

const base = 'http://example.com/api/release-status';
const server = setupServer();
registerMswTestHooks(server);

/** The tab over the real client, the backend answering `drift`. */
function renderTab(drift: ServiceDrift) {
  server.use(
    http.get(`${base}/services/term-deposit/drift`, () =>
      HttpResponse.json(drift),
    ),
    http.get(`${base}/services/term-deposit/history`, () =>
      HttpResponse.json({ service: 'term-deposit', releases: [] }),
    ),
  );
  return renderInTestApp(
    <EntityProvider entity={termDeposit}>
      <EntityReleasesContent />
    </EntityProvider>,
    { apis: [[releaseStatusApiRef, realClient()]] },
  );
}

/** The history below has loaded (nothing in it): the tab has settled. */
async function historyLoaded() {
  expect(
    await screen.findByText('Nothing has been released to dev yet.'),
  ).toBeInTheDocument();
}

const STALE = /Release manager .*: what runs where may be stale\./;
const NOT_CONFIGURED =
  'Release manager not configured: only CI ingest and release events are shown.';

describe('EntityReleasesContent and the release manager', () => {
  it('warns that what runs where may be stale when the release manager cannot be reached', async () => {
    await renderTab({
      ...driftingService,
      releaseManager: {
        configured: true,
        lastReachedAt: hoursAgo(3),
        lastError: {
          message: 'Request failed with 500 Internal Server Error',
          at: hoursAgo(0.5),
        },
        stale: true,
      },
    });

    expect(
      await screen.findByText(
        'Release manager not reached since 3 hours ago (Request failed with 500 Internal Server Error): what runs where may be stale.',
      ),
    ).toBeInTheDocument();
    // The rest of the tab is still there.
    expect(
      screen.getByText('prod is 3 days and 12 commits behind dev'),
    ).toBeInTheDocument();
    expect(screen.queryByText(NOT_CONFIGURED)).not.toBeInTheDocument();
    await historyLoaded();
  });

  it('warns on the empty tab too when the release manager was never reached', async () => {
    await renderTab({
      ...driftingService,
      hasReleases: false,
      drifting: false,
      environments: driftingService.environments.map(e => ({
        environment: e.environment,
      })),
      pairs: [],
      releaseManager: {
        configured: true,
        lastError: {
          message: 'fetch failed: connect ECONNREFUSED 10.0.0.7:8080',
          at: hoursAgo(0.1),
        },
        stale: true,
      },
    });

    expect(
      await screen.findByText(
        'Release manager never reached (fetch failed: connect ECONNREFUSED 10.0.0.7:8080): what runs where may be stale.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('term-deposit has no releases yet'),
    ).toBeInTheDocument();
  });

  it('says which sources are left when the release manager is not configured', async () => {
    await renderTab({
      ...driftingService,
      releaseManager: { configured: false, stale: false },
    });

    expect(await screen.findByText(NOT_CONFIGURED)).toBeInTheDocument();
    expect(screen.queryByText(STALE)).not.toBeInTheDocument();
    await historyLoaded();
  });

  it('says nothing about the release manager while it is reached', async () => {
    await renderTab({
      ...driftingService,
      releaseManager: {
        configured: true,
        lastReachedAt: hoursAgo(0.2),
        // An older failure, since recovered from.
        lastError: { message: 'Request failed with 502', at: hoursAgo(1) },
        stale: false,
      },
    });

    expect(
      await screen.findByText('prod is 3 days and 12 commits behind dev'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Release manager/)).not.toBeInTheDocument();
    await historyLoaded();
  });
});
