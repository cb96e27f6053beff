import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { AccessHistoryEntry } from '../../api';
import {
  FakeBackend,
  findErrorPanel,
  renderWithApis,
} from '../../__testUtils__/fakeBackend';
import { HistoryPage } from './HistoryPage';

const server = setupServer();
registerMswTestHooks(server);
afterEach(() => jest.restoreAllMocks());

function entry(user: string, requestId: string): AccessHistoryEntry {
  return {
    requestId,
    user: `user:default/${user}`,
    database: 'resource:default/bankaccount-db',
    environment: 'prod',
    level: 'read',
    reason: 'Incident 4711: missing postings',
    role: `portal_access_${requestId}`,
    from: '2026-11-30T10:00:00.000Z',
    until: '2026-11-30T12:00:00.000Z',
    endedBy: 'user:default/signe-bruun',
    endReason: 'incident closed',
  };
}

describe('HistoryPage', () => {
  it('lists who had access when, filters by user through the URL', async () => {
    const backend = new FakeBackend();
    backend.history = [entry('ida-skov', '1'), entry('demo-developer', '2')];
    backend.use(server);
    await renderWithApis(<HistoryPage />);

    const history = await screen.findByRole('table', {
      name: 'Access history',
    });
    const rows = within(history).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent(
      'ida-skovbankaccount-dbprodread2026-11-30 10:00 UTC2026-11-30 12:00 UTCsigne-bruun: incident closedIncident 4711: missing postings',
    );

    await userEvent.type(
      screen.getByRole('textbox', { name: 'User' }),
      'ida-skov',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply filters' }),
    );
    await waitFor(() =>
      expect(
        within(
          screen.getByRole('table', { name: 'Access history' }),
        ).getAllByRole('row'),
      ).toHaveLength(2),
    );
    const last = backend.calls('GET', '/access-history').at(-1)!;
    expect(last.url.searchParams.get('user')).toBe('user:default/ida-skov');
  });

  it('exports the filtered history as CSV through the API client', async () => {
    const backend = new FakeBackend();
    backend.history = [entry('ida-skov', '1'), entry('demo-developer', '2')];
    backend.use(server);
    const blobs: Blob[] = [];
    const created = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:history';
    });
    Object.assign(URL, {
      createObjectURL: created,
      revokeObjectURL: jest.fn(),
    });
    const clicks: HTMLAnchorElement[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function mockClick(this: HTMLAnchorElement) {
        clicks.push(this);
      });

    await renderWithApis(<HistoryPage />, {
      url: '/?user=user%3Adefault%2Fida-skov&environment=prod',
    });
    await screen.findByRole('table', { name: 'Access history' });
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(clicks).toHaveLength(1));
    const csv = backend.calls('GET', '/access-history').at(-1)!;
    expect(csv.url.searchParams.get('format')).toBe('csv');
    expect(csv.url.searchParams.get('user')).toBe('user:default/ida-skov');
    expect(csv.url.searchParams.get('environment')).toBe('prod');
    expect(await blobs[0].text()).toBe(
      'user,database\nuser:default/ida-skov,resource:default/bankaccount-db\n',
    );
    expect(clicks[0].download).toBe('database-access-history.csv');
    expect(clicks[0].href).toBe('blob:history');
  });

  it('says so when nobody had access, and shows errors', async () => {
    const backend = new FakeBackend().use(server);
    await renderWithApis(<HistoryPage />);
    expect(
      await screen.findByText('No access in this period'),
    ).toBeInTheDocument();

    backend.failures.history = {
      status: 403,
      message: 'You may not read the database access audit',
    };
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Environment' }),
      'dev',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply filters' }),
    );
    expect(await findErrorPanel()).toHaveTextContent(
      'You may not read the database access audit',
    );
  });
});
