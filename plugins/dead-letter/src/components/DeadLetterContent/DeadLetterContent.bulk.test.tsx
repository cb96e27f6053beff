import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
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

/** 1,234 messages (msg-1234 newest); the first 1,000 time out. */
function bulkBackend() {
  const backend = new FakeBackend(1234);
  backend.messages.forEach((m, i) => {
    m.error = i < 1000 ? 'Timeout' : 'Bad JSON';
  });
  return backend.use(server);
}

async function renderTab(
  backend: FakeBackend,
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  await renderWithApis(<DeadLetterContent />, {
    // usePermission caches decisions per resource for the whole file: a
    // denied test gets an entity of its own.
    entity: permission
      ? {
          ...termDeposit,
          metadata: { ...termDeposit.metadata, namespace: 'denied' },
        }
      : termDeposit,
    permission,
  });
  await screen.findByText('msg-1234', {}, { timeout: 5_000 });
  return backend;
}

async function selectAllMatching() {
  await userEvent.click(
    screen.getByRole('checkbox', { name: 'Select all messages on this page' }),
  );
  const banner = await screen.findByText(
    'All 50 messages on this page are selected.',
  );
  expect(banner).toBeInTheDocument();
  await userEvent.click(
    screen.getByRole('button', { name: 'Select all 1,234 matching' }),
  );
  await screen.findByText('All 1,234 matching messages are selected.');
}

describe('DeadLetterContent bulk actions', () => {
  it('offers every matching message once the page is selected, and clears', async () => {
    await renderTab(bulkBackend());
    expect(
      screen.queryByRole('button', { name: /^Select all .* matching$/ }),
    ).not.toBeInTheDocument();

    await selectAllMatching();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear selection' }),
    );

    await waitFor(() =>
      expect(
        screen.queryByText('All 1,234 matching messages are selected.'),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('checkbox', { name: 'Select message msg-1234' }),
    ).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Delete' })).toBeDisabled();
  });

  it('deletes every matching message by filter, with the count confirmed, progress and a summary', async () => {
    const backend = await renderTab(bulkBackend());
    backend.bulkBatch = 500;
    backend.bulkPauseAt = 500;
    await userEvent.click(
      await screen.findByRole('button', { name: 'Timeout (1000)' }),
    );
    // The pagination label is rendered twice (wide and narrow layouts).
    await waitFor(() =>
      expect(screen.getAllByText('1-50 of 1000').length).toBeGreaterThan(0),
    );
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Select all messages on this page',
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Select all 1,000 matching' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));

    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'This action is destructive and cannot be undone. You are about to delete 1,000 messages.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );

    expect(
      await screen.findByText(
        'Deleting: 500 of 1,000 messages processed.',
        {},
        { timeout: 5_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Delete progress' }),
    ).toHaveAttribute('aria-valuenow', '50');
    // No second action while one runs.
    expect(screen.getByRole('button', { name: 'Delete' })).toBeDisabled();

    backend.bulkPauseAt = undefined;
    expect(
      await screen.findByText(
        'Deleted 1,000 messages.',
        {},
        { timeout: 5_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('progressbar', { name: 'Delete progress' }),
    ).not.toBeInTheDocument();

    expect(backend.bulkRequests().map(r => r.body)).toEqual([
      {
        action: 'delete',
        filter: {
          environment: 'dev',
          service: 'term-deposit',
          error: 'Timeout',
        },
        upToId: '1234',
        expectedCount: 1000,
      },
    ]);
    // The list and the error chips are loaded again: only Bad JSON is left.
    await screen.findByRole('button', { name: 'Bad JSON (234)' });
    expect(
      screen.queryByRole('button', { name: /^Timeout/ }),
    ).not.toBeInTheDocument();
    expect(backend.messages).toHaveLength(234);
  });

  it('redelivers every matching message and lists the first failures', async () => {
    const backend = await renderTab(bulkBackend());
    backend.failRedeliver.add('7');
    backend.failRedeliver.add('9');
    await selectAllMatching();
    await userEvent.click(screen.getByRole('button', { name: 'Redeliver' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'You are about to redeliver 1,234 messages.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Redeliver' }),
    );

    const summary = await screen.findByText(
      'Redelivered 1,232 of 1,234; 2 failed.',
    );
    expect(summary).toHaveTextContent('#9: publish not confirmed');
    expect(summary).toHaveTextContent('#7: publish not confirmed');
    expect(backend.bulkRequests()[0].body).toMatchObject({
      action: 'redeliver',
      upToId: '1234',
      expectedCount: 1234,
    });
  });

  it('says when the job stopped on the server', async () => {
    const backend = await renderTab(bulkBackend());
    backend.bulkJobError = 'the database went away';
    await selectAllMatching();
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );
    expect(
      await screen.findByText(
        'Delete stopped: the database went away. Deleted 0 of 1,234.',
      ),
    ).toBeInTheDocument();
  });

  it('does nothing when more messages match than were confirmed (409), and says so', async () => {
    const backend = await renderTab(bulkBackend());
    await selectAllMatching();
    // Older messages of the filter appear (e.g. another environment's clock):
    // more match up to the same id than the user confirmed.
    backend.messages.push({
      ...backend.messages[0],
      id: '0',
      messageId: 'msg-0000',
    });
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );
    expect(
      await screen.findByText(
        'Nothing was deleted: more messages match than the 1,234 you confirmed. The list is reloaded; select all matching again to confirm the new count.',
      ),
    ).toBeInTheDocument();
    expect(backend.messages).toHaveLength(1235);
    expect(backend.jobs).toHaveLength(0);
  });

  it('keeps delete and redeliver disabled without permission', async () => {
    await renderTab(bulkBackend(), AuthorizeResult.DENY);
    await selectAllMatching();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Delete' })).toBeDisabled(),
    );
    expect(screen.getByRole('button', { name: 'Redeliver' })).toBeDisabled();
  });
});
