import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ServiceRow } from '../../api';
import {
  renderWithApis,
  serveSquad,
  servicesResponse,
  squadGemini,
} from '../../__testUtils__/fakeBackend';
import { ServicesCard } from './ServicesCard';

const server = setupServer();
registerMswTestHooks(server);

const squad = { namespace: 'default', name: 'squad-gemini' };
const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3_600_000).toISOString();

function row(name: string, overrides: Partial<ServiceRow> = {}): ServiceRow {
  return {
    entityRef: `component:default/${name}`,
    name,
    deadLetters: [],
    openPullRequests: 0,
    ...overrides,
  };
}

const termDeposit = row('term-deposit', {
  deadLetters: [
    { environment: 'dev', count: 117 },
    { environment: 'prod', count: 2 },
  ],
  release: {
    environmentsBehind: 1,
    behindSince: hoursAgo(72),
    drift: [{ environment: 'prod', version: 'main-abc', behindBy: 3 }],
  },
  openPullRequests: 4,
  lastBuild: {
    status: 'failure',
    at: hoursAgo(2),
    url: 'https://github.com/lunarway/term-deposit/actions/runs/1',
  },
});
const interestRate = row('interest-rate', {
  deadLetters: [{ environment: 'dev', count: 3 }],
  release: { environmentsBehind: 0, drift: [] },
  openPullRequests: 1,
  lastBuild: {
    status: 'success',
    at: hoursAgo(1),
    url: 'https://github.com/lunarway/interest-rate/actions/runs/2',
  },
});

function sortButton(column: string) {
  return within(
    screen.getByRole('columnheader', { name: new RegExp(column) }),
  ).getAllByRole('button')[0];
}

function tableRows() {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(r =>
      within(r)
        .getAllByRole('cell')
        .map(c => c.textContent),
    );
}

describe('ServicesCard', () => {
  it("shows each service's key numbers, each linking to its tab", async () => {
    serveSquad(server, {
      services: servicesResponse({ items: [termDeposit, interestRate] }),
    });
    await renderWithApis(<ServicesCard squad={squad} />, {
      entity: squadGemini,
    });

    const dl = await screen.findByRole('link', {
      name: '117 dead letters of term-deposit in dev',
    });
    expect(dl).toHaveAttribute(
      'href',
      '/catalog/default/component/term-deposit/dead-letter?environment=dev',
    );
    expect(
      screen.getByRole('link', {
        name: '2 dead letters of term-deposit in prod',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/term-deposit/dead-letter?environment=prod',
    );
    expect(
      screen.getByRole('link', { name: '1 behind · 3 d' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/term-deposit/releases',
    );
    expect(screen.getByRole('link', { name: 'in sync' })).toHaveAttribute(
      'href',
      '/catalog/default/component/interest-rate/releases',
    );
    expect(screen.getByRole('link', { name: /^failed/ })).toHaveAttribute(
      'href',
      'https://github.com/lunarway/term-deposit/actions/runs/1',
    );
    expect(
      screen.getByRole('link', {
        name: '4 open pull requests of term-deposit',
      }),
    ).toBeInTheDocument();
    // Sorted by name first: interest-rate, then term-deposit.
    expect(tableRows().map(r => r[0])).toEqual([
      'interest-rate',
      'term-deposit',
    ]);
    expect(tableRows()[0].slice(1, 3)).toEqual(['3', '0']);
  });

  it('sorts by a column when its header is clicked', async () => {
    serveSquad(server, {
      services: servicesResponse({ items: [termDeposit, interestRate] }),
    });
    await renderWithApis(<ServicesCard squad={squad} />, {
      entity: squadGemini,
    });
    await screen.findByText('term-deposit');

    await userEvent.click(sortButton('Open PRs'));
    expect(tableRows().map(r => r[0])).toEqual([
      'interest-rate',
      'term-deposit',
    ]);
    await userEvent.click(sortButton('Open PRs'));
    expect(tableRows().map(r => r[0])).toEqual([
      'term-deposit',
      'interest-rate',
    ]);
  });

  it('shows progress while loading', async () => {
    serveSquad(server, {
      services: () => new Promise<Response>(() => {}) as unknown as Response,
    });
    await renderWithApis(<ServicesCard squad={squad} />, {
      entity: squadGemini,
    });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it("shows the backend's error message", async () => {
    serveSquad(server, {
      services: () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No squad squad-gemini' },
          },
          { status: 404 },
        ),
    });
    await renderWithApis(<ServicesCard squad={squad} />, {
      entity: squadGemini,
    });
    expect(
      await screen.findByText(/No squad squad-gemini/),
    ).toBeInTheDocument();
  });

  it('says so when the squad owns no services', async () => {
    serveSquad(server, { services: servicesResponse() });
    await renderWithApis(<ServicesCard squad={squad} />, {
      entity: squadGemini,
    });
    expect(await screen.findByText('No services')).toBeInTheDocument();
    expect(
      screen.getByText(/Squad Gemini owns no components yet/),
    ).toBeInTheDocument();
  });

  it('says which source is not configured and how, and which is down since when', async () => {
    serveSquad(server, {
      services: servicesResponse({
        items: [row('term-deposit', { openPullRequests: null })],
        sources: {
          github: {
            configured: false,
            howToConfigure: 'Set integrations.github in app-config.yaml.',
          },
          deadLetters: {
            configured: true,
            asOf: '2026-12-01T07:55:00Z',
            error: 'dead-letter backend answered 503',
          },
          releases: { configured: true },
        },
      }),
    });
    await renderWithApis(<ServicesCard squad={squad} />, {
      entity: squadGemini,
    });
    expect(
      await screen.findByText('GitHub is not configured.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Set integrations.github in app-config.yaml./),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/dead-letter backend answered 503/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Showing data as of .*2026-12-01/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByText('term-deposit')).toBeInTheDocument(),
    );
  });
});
