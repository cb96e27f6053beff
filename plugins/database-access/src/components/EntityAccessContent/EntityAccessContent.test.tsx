import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  activeGrant,
  bankaccountDb,
  FakeBackend,
  findErrorPanel,
  makeRequest,
  renderWithApis,
} from '../../__testUtils__/fakeBackend';
import { EntityAccessContent } from './EntityAccessContent';

const server = setupServer();
registerMswTestHooks(server);

const render = () =>
  renderWithApis(<EntityAccessContent />, { entity: bankaccountDb });

async function openForm() {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Request access' }),
  );
  return screen.findByRole('dialog', {
    name: 'Request access to bankaccount-db',
  });
}

describe('EntityAccessContent', () => {
  it('shows a progress bar while loading, then "No requests yet"', async () => {
    const backend = new FakeBackend().use(server);
    let release = () => {};
    backend.hold = new Promise(resolve => {
      release = resolve;
    });
    await renderWithApis(<EntityAccessContent />, { entity: bankaccountDb });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    release();
    expect(await screen.findByText('No requests yet')).toBeInTheDocument();
    expect(
      backend.calls('GET', '/requests')[0].url.searchParams.get('database'),
    ).toBe('resource:default/bankaccount-db');
  });

  it("shows the backend's message when the list fails", async () => {
    const backend = new FakeBackend();
    backend.failures.requests = {
      status: 500,
      message: 'connection to the audit store refused',
    };
    backend.use(server);
    await render();
    expect(await findErrorPanel()).toHaveTextContent(
      'connection to the audit store refused',
    );
  });

  it('says which config key to set when no environment is configured', async () => {
    const backend = new FakeBackend();
    backend.environments = [];
    backend.use(server);
    await render();
    expect(
      await screen.findByText('Database access is not configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/databaseAccess\.environments/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request access' }),
    ).not.toBeInTheDocument();
  });

  it('validates the reason and the duration against the maximum, then sends the request', async () => {
    const backend = new FakeBackend().use(server);
    await render();
    const form = await openForm();

    await userEvent.type(
      within(form).getByRole('textbox', { name: /Reason/ }),
      'debug',
    );
    await userEvent.click(
      within(form).getByRole('button', { name: 'Send request' }),
    );
    expect(
      within(form).getByText(/Say why you need access in at least a sentence/),
    ).toBeInTheDocument();

    await userEvent.selectOptions(
      within(form).getByRole('combobox', { name: /Environment/ }),
      'prod',
    );
    await userEvent.click(within(form).getByRole('radio', { name: /Write/ }));
    expect(
      within(form).getByText('Needs 2 approvals from the owning squad.'),
    ).toBeInTheDocument();
    const duration = within(form).getByRole('spinbutton', { name: /Duration/ });
    await userEvent.clear(duration);
    await userEvent.type(duration, '9');
    expect(
      within(form).getByText(
        'Too long: at most 8 hours for write access in prod.',
      ),
    ).toBeInTheDocument();
    expect(backend.calls('POST', '/requests')).toHaveLength(0);

    await userEvent.clear(duration);
    await userEvent.type(duration, '8');
    const reason = within(form).getByRole('textbox', { name: /Reason/ });
    await userEvent.clear(reason);
    await userEvent.type(
      reason,
      'Repair the interest postings that failed on 30 November.',
    );
    await userEvent.click(
      within(form).getByRole('button', { name: 'Send request' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(backend.calls('POST', '/requests')[0].body).toEqual({
      database: 'resource:default/bankaccount-db',
      environment: 'prod',
      level: 'write',
      reason: 'Repair the interest postings that failed on 30 November.',
      durationMinutes: 480,
    });
    const table = await screen.findByRole('table', {
      name: 'Grants and requests',
    });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('prod');
    expect(row).toHaveTextContent('write');
    expect(row).toHaveTextContent('pending');
    expect(row).toHaveTextContent('8 hours');
  });

  it("shows the backend's refusal inside the form", async () => {
    const backend = new FakeBackend();
    backend.failures.create = {
      status: 400,
      message: 'bankaccount-db has no owner in the catalog',
    };
    backend.use(server);
    await render();
    const form = await openForm();
    await userEvent.type(
      within(form).getByRole('textbox', { name: /Reason/ }),
      'Look at the balances of the test customers.',
    );
    await userEvent.click(
      within(form).getByRole('button', { name: 'Send request' }),
    );
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'bankaccount-db has no owner in the catalog',
    );
    // The form stays open with what was typed, to fix and send again.
    expect(within(form).getByRole('textbox', { name: /Reason/ })).toHaveValue(
      'Look at the balances of the test customers.',
    );
  });

  it('explains why I cannot approve my own request', async () => {
    const backend = new FakeBackend();
    backend.requests = [makeRequest()];
    backend.use(server);
    await render();
    const table = await screen.findByRole('table', {
      name: 'Grants and requests',
    });
    expect(
      within(table).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
    expect(
      within(table).getByRole('button', { name: 'Reject' }),
    ).toBeDisabled();
    expect(
      within(table).getByText('You cannot approve your own request.'),
    ).toBeInTheDocument();
    expect(
      within(table).getByRole('button', { name: 'Withdraw' }),
    ).toBeEnabled();
  });

  it('shows my credentials once, then revokes the grant', async () => {
    const backend = new FakeBackend();
    const request = makeRequest({ status: 'active', grant: activeGrant() });
    backend.requests = [request];
    backend.use(server);
    await render();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Show credentials' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Credentials for bankaccount-db',
    });
    expect(within(dialog).getByText(/Shown once/)).toBeInTheDocument();
    expect(within(dialog).getByText('s3cret-Pa55word')).toBeInTheDocument();
    expect(
      within(dialog).getByText('portal_access_demo_developer_1'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Copy password' }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Done, I have copied it' }),
    );
    await waitFor(() =>
      expect(screen.queryByText('s3cret-Pa55word')).not.toBeInTheDocument(),
    );
    expect(
      await screen.findByRole('button', { name: 'Credentials shown' }),
    ).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    const confirm = await screen.findByRole('dialog', {
      name: 'Revoke access',
    });
    await userEvent.type(
      within(confirm).getByRole('textbox', { name: /Reason/ }),
      'Done with the fix',
    );
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Revoke' }),
    );
    const table = await screen.findByRole('table', {
      name: 'Grants and requests',
    });
    await waitFor(() => expect(table).toHaveTextContent('revoked'));
    expect(backend.calls('POST', /\/revoke$/)[0].body).toEqual({
      reason: 'Done with the fix',
    });
    expect(
      within(table).queryByRole('button', { name: 'Revoke' }),
    ).not.toBeInTheDocument();
  });

  it('keeps Revoke disabled with the reason for someone else’s grant', async () => {
    const backend = new FakeBackend();
    backend.requests = [
      makeRequest({
        requester: 'user:default/ida-skov',
        status: 'active',
        grant: activeGrant(),
        canRevoke: false,
      }),
    ];
    backend.use(server);
    await render();
    expect(
      await screen.findByRole('button', { name: 'Revoke' }),
    ).toBeDisabled();
    expect(
      screen.queryByRole('button', { name: /credentials/i }),
    ).not.toBeInTheDocument();
  });
});
