import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { FakeBackend, renderWithApis } from '../../__testUtils__/fakeBackend';
import { DatabaseAccessPage } from './DatabaseAccessPage';

const server = setupServer();
registerMswTestHooks(server);

describe('DatabaseAccessPage', () => {
  it('opens on Requests and switches to History, each tab with its panel', async () => {
    new FakeBackend().use(server);
    await renderWithApis(<DatabaseAccessPage />);

    const requests = screen.getByRole('tab', { name: 'Requests' });
    expect(requests).toHaveAttribute('aria-selected', 'true');
    expect(
      screen.getByRole('tabpanel', { name: 'Requests' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Nothing waits for you'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(screen.getByRole('tab', { name: 'History' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      screen.getByRole('tabpanel', { name: 'History' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No access in this period'),
    ).toBeInTheDocument();
  });

  it('opens the tab named in the URL', async () => {
    new FakeBackend().use(server);
    await renderWithApis(<DatabaseAccessPage />, { url: '/?tab=history' });
    expect(
      await screen.findByRole('button', { name: 'Export CSV' }),
    ).toBeInTheDocument();
  });
});
