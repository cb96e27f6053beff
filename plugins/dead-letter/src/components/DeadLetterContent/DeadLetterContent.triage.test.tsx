import { coreApis } from '@backstage/frontend-plugin-api';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  FakeBackend,
  renderWithApis,
  termDeposit,
} from '../../__testUtils__/fakeBackend';
import { DeadLetterContent } from './DeadLetterContent';

const server = setupServer();
registerMswTestHooks(server);

/** Six messages (msg-0006 newest): three timeouts, two bad JSON, one without error. */
function triageBackend() {
  const backend = new FakeBackend(6);
  const errors = ['Timeout', 'Timeout', 'Timeout', 'Bad JSON', 'Bad JSON'];
  backend.messages.forEach((m, i) => {
    m.error = errors[i] ?? null;
  });
  return backend.use(server);
}

async function renderTab(backend: FakeBackend, url?: string) {
  const result = await renderWithApis(<DeadLetterContent />, {
    entity: termDeposit,
    url,
  });
  const search = () =>
    new URLSearchParams(
      result.apis.get(coreApis.appHistory)!.getSnapshot().location.search,
    );
  return { backend, search };
}

const listed = (backend: FakeBackend) =>
  Object.fromEntries(backend.lastList()!.url.searchParams);

function shownMessages() {
  return screen
    .queryAllByText(/^msg-\d{4}$/)
    .map(element => element.textContent);
}

describe('DeadLetterContent triage', () => {
  it('shows the errors with counts, top first, and filters the list by one on click', async () => {
    const { backend, search } = await renderTab(triageBackend());

    const timeout = await screen.findByRole('button', {
      name: 'Timeout (3)',
    });
    const chips = screen
      .getByRole('group', { name: 'Errors' })
      .querySelectorAll('[role="button"][aria-pressed]');
    expect([...chips].map(c => c.textContent)).toEqual([
      'Timeout (3)',
      'Bad JSON (2)',
      '(no error) (1)',
    ]);
    expect(Object.fromEntries(backend.lastErrors()!.url.searchParams)).toEqual({
      environment: 'dev',
      service: 'term-deposit',
    });
    await waitFor(() => expect(shownMessages()).toHaveLength(6));

    await userEvent.click(screen.getByRole('button', { name: 'Bad JSON (2)' }));

    await waitFor(() =>
      expect(shownMessages()).toEqual(['msg-0003', 'msg-0002']),
    );
    expect(listed(backend)).toMatchObject({ error: 'Bad JSON', offset: '0' });
    expect(search().get('error')).toBe('Bad JSON');
    expect(
      screen.getByRole('button', { name: 'Bad JSON (2)' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(timeout).toHaveAttribute('aria-pressed', 'false');

    // The messages without an error are a filter of their own.
    await userEvent.click(
      screen.getByRole('button', { name: '(no error) (1)' }),
    );
    await waitFor(() => expect(shownMessages()).toEqual(['msg-0001']));
    expect(listed(backend)).toMatchObject({ errorIsNull: 'true' });
    expect(listed(backend).error).toBeUndefined();

    // A second click removes the filter.
    await userEvent.click(
      screen.getByRole('button', { name: '(no error) (1)' }),
    );
    await waitFor(() => expect(shownMessages()).toHaveLength(6));
    expect(listed(backend).errorIsNull).toBeUndefined();
    expect(search().has('errorIsNull')).toBe(false);

    // So does Clear.
    await userEvent.click(screen.getByRole('button', { name: 'Timeout (3)' }));
    await waitFor(() => expect(shownMessages()).toHaveLength(3));
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear error filter' }),
    );
    await waitFor(() => expect(shownMessages()).toHaveLength(6));
    expect(listed(backend).error).toBeUndefined();
  });

  it('starts from the filters, search and page in the URL', async () => {
    const backend = new FakeBackend(120).use(server);
    const from = '2021-11-01T00:30:00.000Z';
    const to = '2021-11-01T02:00:00.000Z';
    const queue = 'dev-k8s-commandstreams_bankaccount_account_term-deposit';
    const query = new URLSearchParams({
      environment: 'staging',
      q: 'corr',
      queue,
      error: 'Timeout',
      from,
      to,
      order: 'asc',
      page: '2',
      pageSize: '20',
    });
    await renderTab(backend, `/?${query}`);

    await waitFor(() => expect(backend.lastList()).toBeDefined());
    expect(Object.fromEntries(backend.firstList()!.url.searchParams)).toEqual({
      environment: 'staging',
      service: 'term-deposit',
      q: 'corr',
      queue,
      error: 'Timeout',
      from,
      to,
      order: 'asc',
      offset: '20',
      limit: '20',
    });
    await waitFor(() => expect(backend.lastErrors()).toBeDefined());
    expect(Object.fromEntries(backend.lastErrors()!.url.searchParams)).toEqual({
      environment: 'staging',
      service: 'term-deposit',
      queue,
      from,
      to,
    });
    expect(screen.getByLabelText('Search')).toHaveValue('corr');
    expect(screen.getByLabelText('Queue')).toHaveValue(queue);
    expect(screen.getByRole('combobox', { name: 'Environment' })).toHaveValue(
      'staging',
    );
    expect(
      screen.getByRole('button', { name: 'Sort by time: oldest first' }),
    ).toBeInTheDocument();
  });

  it('toggles the time order and keeps it in the URL', async () => {
    const { backend, search } = await renderTab(new FakeBackend(5).use(server));
    await waitFor(() => expect(shownMessages()[0]).toBe('msg-0005'));
    expect(listed(backend).order).toBeUndefined();

    await userEvent.click(
      screen.getByRole('button', { name: 'Sort by time: newest first' }),
    );

    await waitFor(() => expect(shownMessages()[0]).toBe('msg-0001'));
    expect(listed(backend).order).toBe('asc');
    expect(search().get('order')).toBe('asc');

    await userEvent.click(
      screen.getByRole('button', { name: 'Sort by time: oldest first' }),
    );
    await waitFor(() => expect(shownMessages()[0]).toBe('msg-0005'));
    expect(listed(backend).order).toBeUndefined();
  });

  it('filters by queue and died time range, for the list and the errors', async () => {
    const backend = triageBackend();
    backend.messages[0].queue = 'q_other';
    const { search } = await renderTab(backend);
    await waitFor(() => expect(shownMessages()).toHaveLength(6));

    await userEvent.type(screen.getByLabelText('Queue'), 'q_other');
    await waitFor(() => expect(shownMessages()).toEqual(['msg-0006']));
    expect(listed(backend).queue).toBe('q_other');
    await waitFor(() =>
      expect(backend.lastErrors()!.url.searchParams.get('queue')).toBe(
        'q_other',
      ),
    );
    expect(search().get('queue')).toBe('q_other');
    await userEvent.clear(screen.getByLabelText('Queue'));
    await waitFor(() => expect(shownMessages()).toHaveLength(6));

    // makeMessage(n) died at 00:(n-2):30 UTC on 2021-11-01 (n >= 2).
    const local = (iso: string) => {
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(
        d.getDate(),
      )}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
    fireEvent.change(screen.getByLabelText('Died from'), {
      target: { value: local('2021-11-01T00:01:00Z') },
    });
    await waitFor(() => expect(shownMessages()).toHaveLength(4));
    fireEvent.change(screen.getByLabelText('Died to'), {
      target: { value: local('2021-11-01T00:02:00Z') },
    });
    await waitFor(() =>
      expect(shownMessages()).toEqual(['msg-0004', 'msg-0003']),
    );
    expect(listed(backend)).toMatchObject({
      from: '2021-11-01T00:01:00.000Z',
      // The whole minute the upper bound names.
      to: '2021-11-01T00:02:59.999Z',
    });
    await waitFor(() =>
      expect(
        Object.fromEntries(backend.lastErrors()!.url.searchParams),
      ).toMatchObject({
        from: '2021-11-01T00:01:00.000Z',
        to: '2021-11-01T00:02:59.999Z',
      }),
    );
    expect(search().get('from')).toBe('2021-11-01T00:01:00.000Z');
    expect(
      screen.getByRole('button', { name: 'Timeout (1)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Bad JSON (1)' }),
    ).toBeInTheDocument();
  });
});
