import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BASE_URL,
  FakeBackend,
  findErrorPanel,
  renderWithApis,
  squadGemini,
} from '../../__testUtils__/fakeBackend';
import { GroupDeadLetterContent } from './GroupDeadLetterContent';

const server = setupServer();
registerMswTestHooks(server);

describe('GroupDeadLetterContent', () => {
  it("shows the squad's services with counts per environment", async () => {
    const backend = new FakeBackend(0);
    backend.squadOverviews.dev = {
      environment: 'dev',
      items: [
        {
          squad: 'group:default/squad-gemini',
          title: 'squad-gemini',
          count: 120,
          services: [
            { service: 'term-deposit', count: 117, lastReceivedAt: null },
            { service: 'savings', count: 3, lastReceivedAt: null },
          ],
        },
        {
          squad: 'group:default/squad-nasa',
          title: 'squad-nasa',
          count: 5,
          services: [{ service: 'rocket', count: 5, lastReceivedAt: null }],
        },
      ],
    };
    backend.squadOverviews.staging = {
      environment: 'staging',
      items: [
        {
          squad: 'group:default/squad-gemini',
          title: 'squad-gemini',
          count: 8,
          services: [{ service: 'savings', count: 8, lastReceivedAt: null }],
        },
      ],
    };
    backend.use(server);
    await renderWithApis(<GroupDeadLetterContent />, { entity: squadGemini });

    const link = await screen.findByRole('link', { name: 'term-deposit' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/term-deposit/dead-letter',
    );
    const rows = [...link.closest('tbody')!.querySelectorAll('tr')].map(r =>
      [...r.querySelectorAll('td')].map(c => c.textContent),
    );
    expect(rows).toEqual([
      ['term-deposit', '117', '0', '117'],
      ['savings', '3', '8', '11'],
    ]);
    expect(screen.queryByText('rocket')).not.toBeInTheDocument();
  });

  it('says so when the squad has no dead letters', async () => {
    new FakeBackend(0).use(server);
    await renderWithApis(<GroupDeadLetterContent />, { entity: squadGemini });
    await waitFor(() =>
      expect(
        screen.getByText(
          'No service of squad-gemini has dead letters in dev, staging.',
        ),
      ).toBeInTheDocument(),
    );
  });

  it('shows the error panel when an overview fails', async () => {
    new FakeBackend(0).use(server);
    server.use(
      http.get(`${BASE_URL}/dead-letters/squad-overview`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'not for you' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderWithApis(<GroupDeadLetterContent />, { entity: squadGemini });
    expect(await findErrorPanel()).toHaveTextContent(
      /^Error: Request failed with 403 .*not for you/,
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
