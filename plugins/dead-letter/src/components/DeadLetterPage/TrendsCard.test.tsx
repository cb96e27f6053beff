import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  FakeBackend,
  findErrorPanel,
  renderWithApis,
} from '../../__testUtils__/fakeBackend';
import { DeadLetterPage } from './DeadLetterPage';

const server = setupServer();
registerMswTestHooks(server);

const days = Array.from({ length: 14 }, (_, i) =>
  new Date(Date.UTC(2026, 10, 18 + i)).toISOString().slice(0, 10),
);

/** Counts on the last three days only (11-29, 11-30, 12-01). */
const lastDays = (a: number, b: number, c: number) => [
  ...Array(11).fill(0),
  a,
  b,
  c,
];

function trendsBackend() {
  const backend = new FakeBackend(0);
  backend.trends.dev = {
    days,
    series: [
      {
        environment: 'dev',
        service: 'term-deposit',
        squad: 'group:default/squad-gemini',
        counts: lastDays(1000, 200, 3),
      },
      {
        environment: 'dev',
        service: 'savings',
        squad: 'group:default/squad-gemini',
        counts: lastDays(0, 5, 0),
      },
      {
        environment: 'dev',
        service: 'rocket',
        squad: 'group:default/squad-nasa',
        counts: lastDays(0, 0, 40),
      },
      { environment: 'dev', service: 'ghost', counts: lastDays(2, 0, 0) },
    ],
  };
  return backend.use(server);
}

const legend = () =>
  within(screen.getByRole('list', { name: 'Legend' }))
    .getAllByRole('listitem')
    .map(item => item.textContent);

describe('Dead letters per day', () => {
  it('charts the last 14 days per squad, per service of a squad, and as a table', async () => {
    const backend = trendsBackend();
    await renderWithApis(<DeadLetterPage />);

    expect(
      await screen.findByText('Dead letters per day (last 14 days)'),
    ).toBeInTheDocument();
    const chart = await screen.findByRole('img', {
      name: 'Dead letters per day, all squads in dev, 2026-11-18 to 2026-12-01: 1,250 in total, most on 2026-11-29 (1,002).',
    });
    expect(chart.tagName).toBe('svg');
    expect(legend()).toEqual([
      'squad-gemini (1,208)',
      'squad-nasa (40)',
      'unowned (2)',
    ]);
    const trendRequest = backend.requests.find(r =>
      r.url.pathname.endsWith('/dead-letters/trends'),
    )!;
    expect(Object.fromEntries(trendRequest.url.searchParams)).toEqual({
      environment: 'dev',
      days: '14',
    });

    const toggle = screen.getByRole('button', { name: 'Show table' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    const table = screen.getByRole('table', {
      name: 'Dead letters per day, all squads in dev',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(15);
    expect(
      within(rows[0])
        .getAllByRole('columnheader')
        .map(c => c.textContent),
    ).toEqual(['Day', 'squad-gemini', 'squad-nasa', 'unowned', 'Total']);
    expect(
      [...rows[12].querySelectorAll('th, td')].map(c => c.textContent),
    ).toEqual(['2026-11-29', '1,000', '0', '2', '1,002']);

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Squad' }),
      'squad-gemini',
    );
    expect(
      screen.getByRole('img', {
        name: 'Dead letters per day, squad-gemini in dev, 2026-11-18 to 2026-12-01: 1,208 in total, most on 2026-11-29 (1,000).',
      }),
    ).toBeInTheDocument();
    expect(legend()).toEqual(['term-deposit (1,203)', 'savings (5)']);
    expect(
      screen.getByRole('table', {
        name: 'Dead letters per day, squad-gemini in dev',
      }),
    ).toBeInTheDocument();
  });

  it('says when there were none', async () => {
    new FakeBackend(0).use(server);
    await renderWithApis(<DeadLetterPage />);
    expect(
      await screen.findByText('No dead letters in the last 14 days'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: /^Dead letters per day/ }),
    ).not.toBeInTheDocument();
  });

  it('shows the error panel when the trends fail', async () => {
    const backend = new FakeBackend(0);
    backend.trendsError = { status: 500, message: 'counters are missing' };
    backend.use(server);
    await renderWithApis(<DeadLetterPage />);
    expect(await findErrorPanel()).toHaveTextContent(
      /^Error: Request failed with 500 .*counters are missing/,
    );
    await waitFor(() =>
      expect(
        screen.getByText('No service has dead letters in dev.'),
      ).toBeInTheDocument(),
    );
  });
});
