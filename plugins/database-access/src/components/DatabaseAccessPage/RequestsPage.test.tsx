import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  APPROVER,
  FakeBackend,
  FakeSignals,
  findErrorPanel,
  makeRequest,
  renderWithApis,
} from '../../__testUtils__/fakeBackend';
import { RequestsPage } from './RequestsPage';

const server = setupServer();
registerMswTestHooks(server);

/** A request by a colleague for a database my squad owns. */
const forMe = () =>
  makeRequest({
    requester: 'user:default/ida-skov',
    database: 'resource:default/interest-rate-db',
    databaseName: 'interest-rate-db',
    environment: 'prod',
    level: 'write',
    reason: 'Correct the rate table after the failed migration.',
    canApprove: true,
    canReject: true,
    canRevoke: false,
    cannotApproveReason: null,
  });

async function table(name: string) {
  return screen.findByRole('table', { name });
}

describe('RequestsPage', () => {
  it('says "No requests yet" and "Nothing waits for you" when there are none', async () => {
    new FakeBackend().use(server);
    await renderWithApis(<RequestsPage />);
    expect(await screen.findByText('No requests yet')).toBeInTheDocument();
    expect(screen.getByText('Nothing waits for you')).toBeInTheDocument();
  });

  it('says which config key to set when no environment is configured', async () => {
    const backend = new FakeBackend();
    backend.environments = [];
    backend.use(server);
    await renderWithApis(<RequestsPage />);
    expect(
      await screen.findByText(/databaseAccess\.environments/),
    ).toBeInTheDocument();
    expect(backend.calls('GET', '/requests')).toHaveLength(0);
  });

  it("shows the backend's message when a list fails", async () => {
    const backend = new FakeBackend();
    backend.failures.requests = { status: 503, message: 'catalog unavailable' };
    backend.use(server);
    await renderWithApis(<RequestsPage />);
    expect(await findErrorPanel()).toHaveTextContent('catalog unavailable');
  });

  it('approves a request waiting for me, which then leaves the list', async () => {
    const backend = new FakeBackend();
    backend.requests = [forMe(), makeRequest()];
    backend.use(server);
    await renderWithApis(<RequestsPage />);

    const waiting = await table('Waiting for me');
    expect(within(waiting).getAllByRole('row')).toHaveLength(2);
    expect(
      within(waiting).getByRole('link', { name: 'interest-rate-db' }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(waiting).getByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Approve access',
    });
    expect(dialog).toHaveTextContent(
      'ida-skov asks for write access to interest-rate-db in prod for 1 hour',
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'ok for today',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    expect(
      await screen.findByText('Nothing waits for you'),
    ).toBeInTheDocument();
    const approve = backend.calls('POST', /\/approve$/);
    expect(approve).toHaveLength(1);
    expect(approve[0].url.pathname).toBe(
      `/api/database-access/requests/${backend.requests[0].id}/approve`,
    );
    expect(approve[0].body).toEqual({ comment: 'ok for today' });
    // My own request stays in My requests, with Approve disabled.
    const mine = await table('My requests');
    expect(
      within(mine).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
  });

  it('rejects only with a reason', async () => {
    const backend = new FakeBackend();
    backend.requests = [forMe()];
    backend.use(server);
    await renderWithApis(<RequestsPage />);

    const waiting = await table('Waiting for me');
    await userEvent.click(
      within(waiting).getByRole('button', { name: 'Reject' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Reject the request',
    });
    const reject = within(dialog).getByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Use the read replica instead',
    );
    await userEvent.click(reject);

    await screen.findByText('Nothing waits for you');
    expect(backend.calls('POST', /\/reject$/)[0].body).toEqual({
      reason: 'Use the read replica instead',
    });
    expect(backend.requests[0].status).toBe('rejected');
  });

  it("shows the backend's refusal of an approval", async () => {
    const backend = new FakeBackend();
    backend.requests = [forMe()];
    backend.failures.approve = {
      status: 403,
      message: `${APPROVER} is not a member of squad-gemini`,
    };
    backend.use(server);
    await renderWithApis(<RequestsPage />);
    const waiting = await table('Waiting for me');
    await userEvent.click(
      within(waiting).getByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Approve access',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(await findErrorPanel()).toHaveTextContent(
      'is not a member of squad-gemini',
    );
  });

  it('requests access to a database picked from the catalog', async () => {
    const backend = new FakeBackend().use(server);
    await renderWithApis(<RequestsPage />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request access' }),
    );
    const form = await screen.findByRole('dialog', { name: 'Request access' });
    const database = await within(form).findByRole('combobox', {
      name: /Database/,
    });
    expect(
      within(database)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'Pick a database',
      'bankaccount-db (squad-mercury)',
      'interest-rate-db (squad-gemini)',
    ]);
    await userEvent.type(
      within(form).getByRole('textbox', { name: /Reason/ }),
      'Check the postings of the nightly batch run.',
    );
    await userEvent.click(
      within(form).getByRole('button', { name: 'Send request' }),
    );
    expect(within(form).getByText('Pick the database.')).toBeInTheDocument();

    await userEvent.selectOptions(database, 'resource:default/bankaccount-db');
    await userEvent.click(
      within(form).getByRole('button', { name: 'Send request' }),
    );

    expect(
      await screen.findByText(
        /Request sent: read access to bankaccount-db in dev/,
      ),
    ).toBeInTheDocument();
    expect(backend.calls('POST', '/requests')[0].body).toMatchObject({
      database: 'resource:default/bankaccount-db',
      environment: 'dev',
      level: 'read',
      durationMinutes: 60,
    });
    const mine = await table('My requests');
    await waitFor(() =>
      expect(within(mine).getAllByRole('row')).toHaveLength(2),
    );
    expect(within(mine).getAllByRole('row')[1]).toHaveTextContent(
      'bankaccount-dbdevread1 hourpending',
    );
  });

  it('opens the request a notification links to, ready to decide', async () => {
    const backend = new FakeBackend();
    const request = forMe();
    backend.requests = [request, makeRequest()];
    backend.use(server);
    await renderWithApis(<RequestsPage />, {
      url: `/?request=${request.id}`,
    });
    const sent = await table('The request you were sent');
    expect(within(sent).getAllByRole('row')).toHaveLength(2);
    expect(within(sent).getByRole('row', { name: /ida-skov/ })).toBeTruthy();
    expect(within(sent).getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('says so when the linked request does not exist', async () => {
    new FakeBackend().use(server);
    await renderWithApis(<RequestsPage />, { url: '/?request=999' });
    expect(await findErrorPanel()).toHaveTextContent('No access request 999');
  });

  it('reloads when a notification arrives (a new request for my squad)', async () => {
    const backend = new FakeBackend().use(server);
    const signals = new FakeSignals();
    await renderWithApis(<RequestsPage />, { signals });
    expect(
      await screen.findByText('Nothing waits for you'),
    ).toBeInTheDocument();

    backend.requests = [forMe()];
    signals.publish('notifications', {
      action: 'new_notification',
      notification_id: 'n-1',
    });
    const waiting = await table('Waiting for me');
    expect(within(waiting).getByText('ida-skov')).toBeInTheDocument();
  });
});
