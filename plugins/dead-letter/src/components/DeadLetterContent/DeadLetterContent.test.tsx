import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  FakeBackend,
  findErrorPanel,
  renderWithApis,
  termDeposit,
} from '../../__testUtils__/fakeBackend';
import { DeadLetterContent } from './DeadLetterContent';

const server = setupServer();
registerMswTestHooks(server);

async function renderTab(
  backend: FakeBackend,
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  entity = termDeposit,
) {
  backend.use(server);
  await renderWithApis(<DeadLetterContent />, {
    entity,
    permission,
  });
  return backend;
}

/** The pagination label is rendered twice (wide and narrow layouts). */
async function findPaging(text: string) {
  await waitFor(() =>
    expect(screen.getAllByText(text).length).toBeGreaterThan(0),
  );
}

function rowCheckbox(messageId: string) {
  const row = screen.getByText(messageId).closest('tr')!;
  return within(row).getByRole('checkbox');
}

describe('DeadLetterContent', () => {
  it('shows the first page of the service in the first environment', async () => {
    const backend = await renderTab(new FakeBackend(117));

    await waitFor(() =>
      expect(screen.getByText('msg-0117')).toBeInTheDocument(),
    );
    await findPaging('1-50 of 117');
    for (const header of [
      'Timestamp',
      'Queue',
      'Routing key',
      'Message ID',
      'Correlation ID',
      'Error',
      'Logs',
    ]) {
      expect(
        screen.getByRole('columnheader', { name: header }),
      ).toBeInTheDocument();
    }
    expect(screen.getByText('corr-0117')).toBeInTheDocument();
    // When it died, not when the portal received it (01:57:00).
    expect(screen.getByText('2021-11-01 01:55:30 UTC')).toBeInTheDocument();
    expect(
      screen.queryByText('2021-11-01 01:57:00 UTC'),
    ).not.toBeInTheDocument();
    // Long queue names stay on one line, the full name on hover.
    expect(
      screen.getAllByTitle(
        'dev-k8s-commandstreams_bankaccount_account_term-deposit',
      )[0],
    ).toHaveStyle({ whiteSpace: 'nowrap', textOverflow: 'ellipsis' });
    expect(
      screen.getByRole('link', { name: /^Logs of message msg-0117/ }),
    ).toHaveAttribute(
      'href',
      'https://logs.example.com/search?q=corr-0117&env=dev',
    );
    const list = backend.firstList()!.url.searchParams;
    expect(Object.fromEntries(list)).toEqual({
      environment: 'dev',
      service: 'term-deposit',
      offset: '0',
      limit: '50',
    });
  });

  it('pages on the server', async () => {
    const backend = await renderTab(new FakeBackend(117));
    await waitFor(() =>
      expect(screen.getByText('msg-0117')).toBeInTheDocument(),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next Page' }));

    await findPaging('51-100 of 117');
    await waitFor(() =>
      expect(screen.getByText('msg-0067')).toBeInTheDocument(),
    );
    expect(screen.queryByText('msg-0117')).not.toBeInTheDocument();
    expect(backend.listOffsets()).toContain('50');
    // the page after the shown one is fetched ahead
    await waitFor(() => expect(backend.listOffsets()).toContain('100'));
  });

  it('searches on the server and switches environment', async () => {
    const backend = await renderTab(new FakeBackend(117));
    await waitFor(() =>
      expect(screen.getByText('msg-0117')).toBeInTheDocument(),
    );

    await userEvent.type(screen.getByLabelText('Search'), 'corr-0042');
    await findPaging('1-1 of 1');
    expect(screen.getByText('msg-0042')).toBeInTheDocument();
    expect(backend.lastList()!.url.searchParams.get('q')).toBe('corr-0042');

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Environment' }),
      'staging',
    );
    await waitFor(() =>
      expect(
        screen.getByText(
          'No dead letter of term-deposit in staging matches "corr-0042".',
        ),
      ).toBeInTheDocument(),
    );
    expect(backend.lastList()!.url.searchParams.get('environment')).toBe(
      'staging',
    );
  });

  it('deletes the selected rows after confirmation', async () => {
    const backend = await renderTab(new FakeBackend(117));
    await waitFor(() =>
      expect(screen.getByText('msg-0117')).toBeInTheDocument(),
    );
    const deleteButton = screen.getByRole('button', { name: 'Delete' });
    expect(deleteButton).toBeDisabled();

    await userEvent.click(rowCheckbox('msg-0117'));
    await userEvent.click(rowCheckbox('msg-0116'));
    expect(screen.getByText('2 row(s) selected')).toBeInTheDocument();

    await userEvent.click(deleteButton);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Confirm deletion')).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'This action is destructive and cannot be undone. You are about to delete 2 messages.',
    );

    // Cancel first: nothing is deleted.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(backend.requests.some(r => r.method === 'DELETE')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );

    await waitFor(() =>
      expect(screen.getByText('Deleted 2 messages.')).toBeInTheDocument(),
    );
    await findPaging('1-50 of 115');
    expect(screen.queryByText('msg-0117')).not.toBeInTheDocument();
    expect(screen.queryByText('msg-0116')).not.toBeInTheDocument();
    expect(screen.getByText('msg-0115')).toBeInTheDocument();
    const del = backend.requests.find(r => r.method === 'DELETE')!;
    expect(del.body).toEqual({ ids: ['117', '116'] });
    await waitFor(() =>
      expect(
        screen.getByText('Deleted 2 messages in dev (succeeded)'),
      ).toBeInTheDocument(),
    );
  });

  it('redelivers after its own confirmation and names the ids that failed', async () => {
    const backend = new FakeBackend(3);
    backend.failRedeliver.add('2');
    await renderTab(backend);
    await waitFor(() =>
      expect(screen.getByText('msg-0003')).toBeInTheDocument(),
    );

    await userEvent.click(rowCheckbox('msg-0003'));
    await userEvent.click(rowCheckbox('msg-0002'));
    await userEvent.click(screen.getByRole('button', { name: 'Redeliver' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Confirm redelivery')).toBeInTheDocument();
    expect(dialog).toHaveTextContent('You are about to redeliver 2 messages.');
    expect(dialog).not.toHaveTextContent('destructive');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Redeliver' }),
    );

    await waitFor(() =>
      expect(
        screen.getByText(
          'Redelivered 1 of 2 messages. Failed, still stored: msg-0002 (#2): publish not confirmed',
        ),
      ).toBeInTheDocument(),
    );
    await findPaging('1-2 of 2');
    expect(screen.queryByText('msg-0003')).not.toBeInTheDocument();
    expect(screen.getByText('msg-0002')).toBeInTheDocument();
  });

  it('opens a message with x-death, headers, properties and its JSON body pretty-printed', async () => {
    const backend = new FakeBackend(2);
    backend.messages[1] = {
      ...backend.messages[1],
      bodyText: 'not json {',
      bodyBase64: Buffer.from('not json {').toString('base64'),
      bodySize: 5000,
      bodyTruncated: true,
    };
    await renderTab(backend);

    await waitFor(() =>
      expect(screen.getByText('corr-0002')).toBeInTheDocument(),
    );
    await userEvent.click(screen.getByText('corr-0002'));
    let dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('Message msg-0002');
    // Both times: when it died and when the portal received it.
    expect(
      within(dialog).getByText('2021-11-01 00:00:30 UTC'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('2021-11-01 00:02:00 UTC'),
    ).toBeInTheDocument();
    expect(
      await within(dialog).findByTestId('dead-letter-x-death'),
    ).toHaveTextContent('"reason": "rejected"');
    expect(within(dialog).getByTestId('dead-letter-headers')).toHaveTextContent(
      '"x-error": "ctx handler: insufficient_funds: insufficient funds"',
    );
    expect(
      within(dialog).getByTestId('dead-letter-properties'),
    ).toHaveTextContent('"contentType": "application/json"');
    expect(
      within(dialog).getByText('Body (JSON, pretty-printed)'),
    ).toBeInTheDocument();
    expect(within(dialog).getByTestId('dead-letter-body').textContent).toBe(
      '{\n  "accountId": "a-1",\n  "amount": 100\n}',
    );
    expect(within(dialog).queryByText(/Truncated/)).not.toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await userEvent.click(screen.getByText('corr-0001'));
    dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('Body (raw text)');
    expect(within(dialog).getByTestId('dead-letter-body').textContent).toBe(
      'not json {',
    );
    expect(
      within(dialog).getByText(
        'Truncated: the portal kept the first 10 of 5000 bytes.',
      ),
    ).toBeInTheDocument();
  });

  it('disables delete and redeliver with the reason when permission is denied', async () => {
    // usePermission caches decisions (SWR) per permission and resource for
    // the whole test file: an entity of its own keeps the earlier ALLOWs out.
    await renderTab(new FakeBackend(3), AuthorizeResult.DENY, {
      ...termDeposit,
      metadata: { ...termDeposit.metadata, namespace: 'denied' },
      spec: { ...termDeposit.spec, owner: 'group:default/squad-gemini' },
    });
    // Each refusal says who may act instead: the service's owning squad.
    await waitFor(() =>
      expect(
        screen.getByText(
          'You are not allowed to redeliver dead letters of term-deposit. Only members of squad-gemini may.',
        ),
      ).toBeInTheDocument(),
    );
    expect(
      screen.getByText(
        'You are not allowed to delete dead letters of term-deposit. Only members of squad-gemini may.',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByText('msg-0003')).toBeInTheDocument(),
    );
    await userEvent.click(rowCheckbox('msg-0003'));
    await waitFor(() =>
      expect(screen.getByText('1 row(s) selected')).toBeInTheDocument(),
    );
    expect(screen.getByRole('button', { name: 'Delete' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Redeliver' })).toBeDisabled();
  });

  it('shows the error panel when the backend fails', async () => {
    const backend = new FakeBackend(3);
    backend.listError = { status: 500, message: 'database is down' };
    await renderTab(backend);

    const panel = await findErrorPanel();
    expect(panel).toHaveTextContent(
      /^Error: Request failed with 500 .*database is down/,
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says so when the service has no dead letters', async () => {
    await renderTab(new FakeBackend(0));

    await waitFor(() =>
      expect(
        screen.getByText('term-deposit has no dead letters in dev.'),
      ).toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(
        screen.getByText(
          'No messages of term-deposit have been deleted or redelivered yet.',
        ),
      ).toBeInTheDocument(),
    );
  });

  describe('says when no dead letters can arrive', () => {
    it('when no broker environment is configured, with how to configure one', async () => {
      const backend = new FakeBackend(0);
      backend.environments = [];
      await renderTab(backend);
      expect(
        await screen.findByText(/Dead-letter ingest is off/),
      ).toHaveTextContent(
        /no broker environment is configured.*Configure deadLetter\.environments.*yarn dead-letters:demo/,
      );
    });

    it('when the environment is not consuming, with the reason and what waits', async () => {
      const backend = new FakeBackend(3);
      backend.ingest.dev = {
        state: 'reconnecting',
        since: '2026-12-01T06:00:00.000Z',
        lastError: {
          message:
            'the broker cancelled the consumer of queue dev.dead-letters',
          at: '2026-12-01T06:00:00.000Z',
        },
        queues: [
          { name: 'dev.dead-letters', messagesWaiting: 12, consumers: 0 },
        ],
      };
      await renderTab(backend);
      expect(
        await screen.findByText(/Ingest of dev is reconnecting/),
      ).toHaveTextContent(
        /the broker cancelled the consumer of queue dev\.dead-letters.*12 waiting in dev\.dead-letters/,
      );
    });

    it('when storing fails, since when and why, and what waits on the broker', async () => {
      const backend = new FakeBackend(3);
      const at = '2026-12-01T06:00:00.000Z';
      backend.ingest.dev = {
        state: 'consuming',
        since: '2026-12-01T05:00:00.000Z',
        storeError: { message: 'connect ECONNREFUSED 127.0.0.1:5432', at },
        queues: [
          { name: 'dev.dead-letters', messagesWaiting: 1500, consumers: 2 },
        ],
      };
      await renderTab(backend);
      const notice = await screen.findByText(
        /Ingest of dev cannot store dead letters since/,
      );
      expect(notice).toHaveTextContent(
        `since ${new Date(
          at,
        ).toLocaleString()}: connect ECONNREFUSED 127.0.0.1:5432.`,
      );
      expect(notice).toHaveTextContent(
        /They stay on the broker and are stored once the database answers again\. 1500 waiting in dev\.dead-letters\./,
      );
      // The stored ones are still listed.
      expect(screen.getByText('msg-0003')).toBeInTheDocument();
    });

    it('says nothing while the environment consumes', async () => {
      const backend = new FakeBackend(3);
      backend.ingest.dev = {
        state: 'consuming',
        since: '2026-12-01T06:00:00.000Z',
        queues: [
          { name: 'dev.dead-letters', messagesWaiting: 0, consumers: 1 },
        ],
      };
      await renderTab(backend);
      await waitFor(() =>
        expect(screen.getByText('msg-0003')).toBeInTheDocument(),
      );
      expect(screen.queryByText(/Ingest of dev/)).not.toBeInTheDocument();
      expect(
        screen.queryByText(/Dead-letter ingest is off/),
      ).not.toBeInTheDocument();
    });
  });
});
