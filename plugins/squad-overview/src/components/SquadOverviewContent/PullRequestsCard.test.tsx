import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PullRequest } from '../../api';
import {
  pullRequests,
  renderWithApis,
  serveSquad,
  squadGemini,
} from '../../__testUtils__/fakeBackend';
import { PullRequestsCard } from './PullRequestsCard';

const server = setupServer();
registerMswTestHooks(server);

const squad = { namespace: 'default', name: 'squad-gemini' };
const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

const pr = (
  n: number,
  repository: string,
  title: string,
  age: number,
): PullRequest => ({
  id: `pr-${n}`,
  number: n,
  title,
  repository: `lunarway/${repository}`,
  author: 'kaspernissen',
  updatedAt: minutesAgo(age),
  url: `https://github.com/lunarway/${repository}/pull/${n}`,
});

function titles() {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(r =>
      within(r)
        .getAllByRole('cell')[1]
        .textContent?.replace(/, Opens.*/, ''),
    );
}

describe('PullRequestsCard', () => {
  it('lists open PRs newest first, linked to GitHub, with a search box', async () => {
    serveSquad(server, {
      pullRequests: pullRequests({
        items: [
          pr(1, 'interest-rate', 'Initial commit', 60),
          pr(12, 'term-deposit', 'Upgrade Humio to 1.15.1', 5),
          pr(43, 'term-deposit', 'Awesome new feature', 120),
        ],
      }),
    });
    await renderWithApis(<PullRequestsCard squad={squad} />, {
      entity: squadGemini,
    });

    await screen.findByText('Open PRs (3)');
    expect(titles()).toEqual([
      'Upgrade Humio to 1.15.1',
      'Initial commit',
      'Awesome new feature',
    ]);
    expect(
      screen.getByRole('link', { name: /Pull request 12 on GitHub/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/lunarway/term-deposit/pull/12',
    );
    expect(screen.getByText('5 minutes ago')).toBeInTheDocument();

    await userEvent.type(
      screen.getByRole('textbox', { name: /search/i }),
      'interest',
    );
    expect(await screen.findByText('Open PRs (3)')).toBeInTheDocument();
    // The table's search is debounced.
    await waitFor(() => expect(titles()).toEqual(['Initial commit']));
  });

  it('starts filtered by the service the Services table linked from', async () => {
    serveSquad(server, {
      pullRequests: pullRequests({
        items: [
          pr(1, 'interest-rate', 'Initial commit', 60),
          pr(12, 'term-deposit', 'Upgrade Humio', 5),
        ],
      }),
    });
    await renderWithApis(<PullRequestsCard squad={squad} />, {
      entity: squadGemini,
      url: '/?prs=term-deposit',
    });
    await screen.findByText('Upgrade Humio');
    expect(titles()).toEqual(['Upgrade Humio']);
  });

  it('says GitHub is not configured and how', async () => {
    serveSquad(server, {
      pullRequests: pullRequests({
        source: {
          configured: false,
          howToConfigure: 'Set integrations.github (a token or a GitHub App).',
        },
      }),
    });
    await renderWithApis(<PullRequestsCard squad={squad} />, {
      entity: squadGemini,
    });
    expect(
      await screen.findByText('GitHub is not configured.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/a token or a GitHub App/)).toBeInTheDocument();
  });

  it('shows the last PRs as of when GitHub is down', async () => {
    serveSquad(server, {
      pullRequests: pullRequests({
        items: [pr(12, 'term-deposit', 'Upgrade Humio', 5)],
        source: {
          configured: true,
          asOf: '2026-12-01T07:30:00Z',
          error: 'GitHub rate limit exceeded',
        },
      }),
    });
    await renderWithApis(<PullRequestsCard squad={squad} />, {
      entity: squadGemini,
    });
    expect(
      await screen.findByText(/GitHub rate limit exceeded/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Showing data as of .*2026-12-01/),
    ).toBeInTheDocument();
    expect(screen.getByText('Upgrade Humio')).toBeInTheDocument();
  });

  it('says so when there are no open PRs', async () => {
    serveSquad(server, { pullRequests: pullRequests() });
    await renderWithApis(<PullRequestsCard squad={squad} />, {
      entity: squadGemini,
    });
    expect(
      await screen.findByText('No open pull requests'),
    ).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    serveSquad(server, {
      pullRequests: () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'cache unavailable' } },
          { status: 500 },
        ),
    });
    await renderWithApis(<PullRequestsCard squad={squad} />, {
      entity: squadGemini,
    });
    expect(await screen.findByText(/cache unavailable/)).toBeInTheDocument();
  });
});
