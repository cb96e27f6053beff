import { coreApis } from '@backstage/frontend-plugin-api';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  FakeBackend,
  FakeSignals,
  renderWithApis,
  termDeposit,
} from '../../__testUtils__/fakeBackend';
import { DeadLetterContent } from './DeadLetterContent';

const server = setupServer();
registerMswTestHooks(server);

async function renderTab(
  backend: FakeBackend,
  options: {
    url?: string;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    signals?: FakeSignals;
  } = {},
) {
  backend.use(server);
  const result = await renderWithApis(<DeadLetterContent />, {
    // usePermission caches decisions per resource for the whole file: a
    // denied test gets an entity of its own.
    entity:
      options.permission === AuthorizeResult.DENY
        ? {
            ...termDeposit,
            metadata: { ...termDeposit.metadata, namespace: 'denied' },
          }
        : termDeposit,
    ...options,
  });
  const search = () =>
    new URLSearchParams(
      result.apis.get(coreApis.appHistory)!.getSnapshot().location.search,
    );
  return { backend, search };
}

/** The detail view of a message, opened from a link (as portal search does). */
async function openFromUrl(backend: FakeBackend, id: string, options = {}) {
  const rendered = await renderTab(backend, {
    url: `/?environment=dev&id=${id}`,
    ...options,
  });
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByText(`Message msg-000${id}`);
  return { ...rendered, dialog };
}

describe('DeadLetterContent detail view', () => {
  it('opens the message named in the URL, and closing it leaves the URL', async () => {
    const { search, dialog } = await openFromUrl(new FakeBackend(3), '2');
    expect(
      await within(dialog).findByTestId('dead-letter-body'),
    ).toHaveTextContent('"accountId": "a-1"');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(search().get('id')).toBeNull();
    expect(search().get('environment')).toBe('dev');

    await userEvent.click(screen.getByText('corr-0003'));
    await screen.findByText('Message msg-0003');
    expect(search().get('id')).toBe('3');
  });

  it('deletes this one message after confirmation', async () => {
    const { backend, search, dialog } = await openFromUrl(
      new FakeBackend(3),
      '2',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete message' }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Confirm deletion',
    });
    expect(confirm).toHaveTextContent(
      'This action is destructive and cannot be undone. You are about to delete 1 message.',
    );
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Delete' }),
    );

    expect(await screen.findByText('Deleted 1 message.')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(backend.requests.find(r => r.method === 'DELETE')!.body).toEqual({
      ids: ['2'],
    });
    await waitFor(() =>
      expect(screen.queryByText('msg-0002')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('msg-0003')).toBeInTheDocument();
    expect(search().get('id')).toBeNull();
  });

  it('redelivers this one message after confirmation, and says when it failed', async () => {
    const backend = new FakeBackend(3);
    backend.failRedeliver.add('2');
    const { dialog } = await openFromUrl(backend, '2');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Redeliver message' }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Confirm redelivery',
    });
    expect(confirm).toHaveTextContent('You are about to redeliver 1 message.');
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Redeliver' }),
    );
    expect(
      await screen.findByText(
        'Redelivered 0 of 1 message. Failed, still stored: msg-0002 (#2): publish not confirmed',
      ),
    ).toBeInTheDocument();

    backend.failRedeliver.clear();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await userEvent.click(screen.getByText('corr-0003'));
    const next = await screen.findByRole('dialog');
    await within(next).findByText('Message msg-0003');
    await userEvent.click(
      within(next).getByRole('button', { name: 'Redeliver message' }),
    );
    await userEvent.click(
      within(
        await screen.findByRole('dialog', { name: 'Confirm redelivery' }),
      ).getByRole('button', { name: 'Redeliver' }),
    );
    expect(
      await screen.findByText(
        'Redelivered 1 message to their original queues.',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByText('msg-0003')).not.toBeInTheDocument(),
    );
  });

  it('keeps delete and redeliver of the message disabled without permission', async () => {
    const { dialog } = await openFromUrl(new FakeBackend(3), '2', {
      permission: AuthorizeResult.DENY,
    });
    await waitFor(() =>
      expect(
        within(dialog).getByRole('button', { name: 'Delete message' }),
      ).toBeDisabled(),
    );
    expect(
      within(dialog).getByRole('button', { name: 'Redeliver message' }),
    ).toBeDisabled();
  });

  it('copies the body as shown and says so', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
    const { dialog } = await openFromUrl(new FakeBackend(3), '2');
    // fireEvent: userEvent installs a clipboard of its own.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy body' }));

    expect(await within(dialog).findByText('Copied')).toHaveAttribute(
      'role',
      'status',
    );
    expect(writeText).toHaveBeenCalledWith(
      '{\n  "accountId": "a-1",\n  "amount": 100\n}',
    );
  });

  it('downloads the stored body, named by message id and content type', async () => {
    const backend = new FakeBackend(3);
    backend.messages[2] = {
      ...backend.messages[2],
      messageId: 'a/b c',
      properties: { contentType: 'application/octet-stream' },
      bodyText: null,
      bodyBase64: Buffer.from([0, 255, 1]).toString('base64'),
    };
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return `blob:body-${blobs.length}`;
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const downloads: { href: string; download: string }[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        downloads.push({ href: this.href, download: this.download });
      });
    try {
      const { dialog } = await openFromUrl(backend, '2');
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Download body' }),
      );
      expect(downloads).toEqual([
        { href: 'blob:body-1', download: 'msg-0002.json' },
      ]);
      expect(blobs[0].type).toBe('application/json');
      expect(await blobs[0].text()).toBe('{"accountId":"a-1","amount":100}');

      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Close' }),
      );
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      await userEvent.click(await screen.findByText('corr-0001'));
      const binary = await screen.findByRole('dialog');
      await within(binary).findByText('Message a/b c');
      await userEvent.click(
        within(binary).getByRole('button', { name: 'Download body' }),
      );
      expect(downloads[1]).toEqual({
        href: 'blob:body-2',
        download: 'a_b_c.bin',
      });
      expect(new Uint8Array(await blobs[1].arrayBuffer())).toEqual(
        new Uint8Array([0, 255, 1]),
      );
    } finally {
      click.mockRestore();
    }
  });
});

describe('DeadLetterContent live', () => {
  it('says when storing begins to fail and when it works again, as the backend signals it, without reloading the list', async () => {
    const signals = new FakeSignals();
    const backend = new FakeBackend(3);
    const consuming = {
      state: 'consuming' as const,
      since: '2026-12-01T05:00:00.000Z',
      queues: [{ name: 'dev.dead-letters', messagesWaiting: 0, consumers: 2 }],
    };
    backend.ingest.dev = consuming;
    await renderTab(backend, { signals });
    await screen.findByText('msg-0003', {}, { timeout: 5_000 });
    const lists = backend.requests.filter(r =>
      r.url.pathname.endsWith('/dead-letters'),
    ).length;
    expect(screen.queryByText(/cannot store/)).toBeNull();

    backend.ingest.dev = {
      ...consuming,
      storeError: {
        message: 'terminating connection due to administrator command',
        at: '2026-12-01T06:00:00.000Z',
      },
      queues: [
        { name: 'dev.dead-letters', messagesWaiting: 800, consumers: 2 },
      ],
    };
    act(() => {
      signals.publish('dead-letter:ingest-status', { environment: 'dev' });
    });
    expect(
      await screen.findByText(/Ingest of dev cannot store dead letters since/),
    ).toHaveTextContent(
      /terminating connection due to administrator command\. .*800 waiting in dev\.dead-letters/,
    );

    backend.ingest.dev = consuming;
    act(() => {
      signals.publish('dead-letter:ingest-status', { environment: 'dev' });
    });
    await waitFor(() =>
      expect(screen.queryByText(/cannot store/)).not.toBeInTheDocument(),
    );
    // The rows shown stayed; only the status was asked again.
    expect(screen.getByText('msg-0003')).toBeInTheDocument();
    expect(
      backend.requests.filter(r => r.url.pathname.endsWith('/dead-letters'))
        .length,
    ).toBe(lists);
  });

  it('marks new dead letters of the open service and environment, and shows them on click', async () => {
    const signals = new FakeSignals();
    const backend = new FakeBackend(60);
    const { search } = await renderTab(backend, {
      url: '/?page=2',
      signals,
    });
    await screen.findByText('msg-0010', {}, { timeout: 5_000 });
    expect(
      screen.queryByRole('button', { name: /new dead letter/ }),
    ).toBeNull();

    // Two batches of this service in dev, one of another service and one of
    // another environment: only the first two count.
    backend.messages.unshift(makeNewer(backend, 61), makeNewer(backend, 62));
    act(() => {
      signals.publish('dead-letter:new', {
        environment: 'dev',
        service: 'term-deposit',
        count: 1,
      });
      signals.publish('dead-letter:new', {
        environment: 'dev',
        service: 'term-deposit',
        count: 2,
      });
      signals.publish('dead-letter:new', {
        environment: 'dev',
        service: 'payment',
        count: 5,
      });
      signals.publish('dead-letter:new', {
        environment: 'staging',
        service: 'term-deposit',
        count: 7,
      });
    });
    const marker = await screen.findByRole('button', {
      name: '3 new dead letters',
    });
    // The rows shown did not move.
    expect(screen.getByText('msg-0010')).toBeInTheDocument();
    expect(screen.queryByText('msg-0062')).not.toBeInTheDocument();

    await userEvent.click(marker);
    await screen.findByText('msg-0062', {}, { timeout: 5_000 });
    expect(search().get('page')).toBeNull();
    expect(
      screen.queryByRole('button', { name: /new dead letter/ }),
    ).not.toBeInTheDocument();
  });
});

function makeNewer(backend: FakeBackend, n: number) {
  return {
    ...backend.messages[0],
    id: String(n),
    messageId: `msg-00${n}`,
    correlationId: `corr-00${n}`,
  };
}
