import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BASE_URL,
  FakeBackend,
  findErrorPanel,
  makeMessage,
  renderWithApis,
} from '../../__testUtils__/fakeBackend';
import { DeadLetterPage } from './DeadLetterPage';

const server = setupServer();
registerMswTestHooks(server);

function backendWithSquads() {
  const backend = new FakeBackend(0);
  backend.squadOverviews.dev = {
    environment: 'dev',
    items: [
      {
        squad: 'group:default/squad-nasa',
        title: 'squad-nasa',
        count: 4,
        services: [{ service: 'rocket', count: 4, lastReceivedAt: null }],
      },
      {
        squad: 'group:default/squad-gemini',
        title: 'squad-gemini',
        count: 120,
        services: [
          {
            service: 'savings',
            count: 3,
            lastReceivedAt: '2026-11-26T06:00:00.000Z',
          },
          {
            service: 'term-deposit',
            count: 117,
            lastReceivedAt: '2026-11-26T06:01:00.000Z',
          },
        ],
      },
      {
        squad: 'unowned',
        title: 'unowned',
        count: 9,
        services: [{ service: 'ghost', count: 9, lastReceivedAt: null }],
      },
    ],
  };
  return backend;
}

describe('DeadLetterPage', () => {
  it('lists squads by count, charts them and opens a squad', async () => {
    backendWithSquads().use(server);
    await renderWithApis(<DeadLetterPage />);

    await waitFor(() => expect(screen.getByText('Squads')).toBeInTheDocument());
    const table =
      screen.getByText('Squads').closest('table') ??
      screen.getAllByRole('table')[0];
    const rows = within(table as HTMLElement)
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(c => c.textContent),
      );
    expect(rows).toEqual([
      ['squad-gemini', '2', '120'],
      ['unowned', '1', '9'],
      ['squad-nasa', '1', '4'],
    ]);
    const chart = screen.getByRole('group', { name: 'Dead letters per squad' });
    expect(
      within(chart)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['squad-gemini120', 'unowned9', 'squad-nasa4']);

    await userEvent.click(screen.getByRole('cell', { name: 'squad-gemini' }));

    const link = await screen.findByRole('link', { name: 'term-deposit' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/term-deposit/dead-letter',
    );
    const serviceRows = link.closest('tbody')!.querySelectorAll('tr');
    expect([...serviceRows].map(r => r.textContent)).toEqual([
      'term-deposit1172026-11-26 06:01:00 UTC',
      'savings32026-11-26 06:00:00 UTC',
    ]);
  });

  it('lists the dead letters nobody could be told for under "Unassigned", and opens them', async () => {
    const backend = backendWithSquads();
    backend.messages = [
      ...backend.messages,
      ...[900, 901].map(n => ({
        ...makeMessage(n),
        service: '~unassigned',
        queue: 'dead-letters',
        messageId: `lost-${n}`,
      })),
    ];
    backend.squadOverviews.dev.items.push({
      squad: 'unassigned',
      title: 'Unassigned',
      count: 2,
      services: [{ service: '~unassigned', count: 2, lastReceivedAt: null }],
    });
    backend.use(server);
    await renderWithApis(<DeadLetterPage />);

    const cell = await screen.findByRole('cell', { name: 'Unassigned' });
    expect(cell.closest('tr')!.textContent).toBe('Unassigned2');
    await userEvent.click(cell);

    expect(
      await screen.findByText(
        'Unassigned dead letters (no service could be told)',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('lost-901')).toBeInTheDocument();
    expect(screen.getByText('lost-900')).toBeInTheDocument();
    // Only the unassigned ones, in the page's environment.
    expect(screen.queryByText(/^msg-/)).not.toBeInTheDocument();
    const listed = backend.requests.filter(
      r => r.method === 'GET' && r.url.pathname.endsWith('/dead-letters'),
    );
    expect(listed.at(-1)!.url.searchParams.get('service')).toBe('~unassigned');
    expect(listed.at(-1)!.url.searchParams.get('environment')).toBe('dev');
    // No "service" to link to: no entity tab for them.
    expect(
      screen.queryByRole('link', { name: '~unassigned' }),
    ).not.toBeInTheDocument();
  });

  it('shows the counts of the chosen environment', async () => {
    const backend = backendWithSquads();
    backend.squadOverviews.staging = {
      environment: 'staging',
      items: [
        {
          squad: 'group:default/squad-mercury',
          title: 'squad-mercury',
          count: 1,
          services: [{ service: 'cards', count: 1, lastReceivedAt: null }],
        },
      ],
    };
    backend.use(server);
    await renderWithApis(<DeadLetterPage />);
    await waitFor(() =>
      expect(
        screen.getByText('squad-gemini', { selector: 'td' }),
      ).toBeInTheDocument(),
    );

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Environment' }),
      'staging',
    );

    await waitFor(() =>
      expect(
        screen.getByText('squad-mercury', { selector: 'td' }),
      ).toBeInTheDocument(),
    );
    expect(screen.queryByText('squad-gemini')).not.toBeInTheDocument();
  });

  it('has an empty state', async () => {
    const backend = new FakeBackend(0);
    backend.use(server);
    const { unmount } = await renderWithApis(<DeadLetterPage />);
    await waitFor(() =>
      expect(
        screen.getByText('No service has dead letters in dev.'),
      ).toBeInTheDocument(),
    );
    unmount();

    backend.environments = [];
    await renderWithApis(<DeadLetterPage />);
    await waitFor(() =>
      expect(screen.getByText('No environment configured')).toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(screen.queryByRole('progressbar')).not.toBeInTheDocument(),
    );
  });

  it('shows the error panel when the overview fails', async () => {
    new FakeBackend(0).use(server);
    server.use(
      http.get(`${BASE_URL}/dead-letters/squad-overview`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'catalog is unreachable' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await renderWithApis(<DeadLetterPage />);

    expect(await findErrorPanel()).toHaveTextContent(
      /^Error: Request failed with 503 .*catalog is unreachable/,
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('finds a message by correlation id across services and links to it in its tab', async () => {
    const backend = new FakeBackend(3);
    backend.use(server);
    await renderWithApis(<DeadLetterPage />);
    const input = await screen.findByLabelText('Message ID or correlation ID');
    await userEvent.type(input, 'corr-0002');
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));
    const link = await screen.findByRole('link', { name: 'term-deposit' });
    expect(link.getAttribute('href')).toMatch(
      /\/dead-letter\?environment=dev&q=corr-0002$/,
    );
    expect(screen.getByText('msg-0002')).toBeInTheDocument();
    expect(
      backend.requests
        .find(r => r.url.pathname.endsWith('/lookup'))!
        .url.searchParams.get('id'),
    ).toBe('corr-0002');

    await userEvent.clear(input);
    await userEvent.type(input, 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));
    expect(
      await screen.findByText(
        'No dead letter with message ID or correlation ID "nope" in any service you may read.',
      ),
    ).toBeInTheDocument();
  });
  it('links a looked-up unassigned message to the Unassigned list, opened on it', async () => {
    const backend = backendWithSquads();
    backend.messages = [
      { ...makeMessage(7), service: '~unassigned', queue: 'dead-letters' },
    ];
    backend.squadOverviews.dev.items.push({
      squad: 'unassigned',
      title: 'Unassigned',
      count: 1,
      services: [{ service: '~unassigned', count: 1, lastReceivedAt: null }],
    });
    backend.use(server);
    await renderWithApis(<DeadLetterPage />);
    const input = await screen.findByLabelText('Message ID or correlation ID');
    await userEvent.type(input, 'corr-0007');
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));
    const link = await screen.findByRole('link', { name: 'Unassigned' });
    expect(link.getAttribute('href')).toMatch(
      /\?squad=unassigned&environment=dev&id=7$/,
    );

    await userEvent.click(link);
    expect(
      await screen.findByText(
        'Unassigned dead letters (no service could be told)',
      ),
    ).toBeInTheDocument();
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getAllByText(/msg-0007/).length).toBeGreaterThan(0);
  });
});
