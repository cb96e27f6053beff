import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  PAGERDUTY_URL,
  renderWithApis,
  squadGemini,
} from '../../__testUtils__/fakeBackend';
import { OnCallCard } from './OnCallCard';

const server = setupServer();
registerMswTestHooks(server);

const annotated = {
  ...squadGemini,
  metadata: {
    ...squadGemini.metadata,
    annotations: { 'pagerduty.com/service-id': 'PSERV01' },
  },
};

describe('OnCallCard', () => {
  it('says on-call is not configured and how, when the squad has no annotation', async () => {
    await renderWithApis(<OnCallCard entity={squadGemini} />);
    expect(
      await screen.findByText('On-call is not configured.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/no pagerduty.com\/service-id annotation/),
    ).toBeInTheDocument();
    expect(screen.getByText(/pagerDuty.apiToken/)).toBeInTheDocument();
  });

  it('says so when the PagerDuty backend is not installed', async () => {
    server.use(
      http.get(`${PAGERDUTY_URL}/services/PSERV01`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'Not Found' } },
          { status: 404 },
        ),
      ),
    );
    await renderWithApis(<OnCallCard entity={annotated} />);
    expect(
      await screen.findByText(/The PagerDuty backend is not installed/),
    ).toBeInTheDocument();
  });

  it("shows who is on call for the squad's PagerDuty service", async () => {
    server.use(
      http.get(`${PAGERDUTY_URL}/services/PSERV01`, () =>
        HttpResponse.json({
          service: {
            id: 'PSERV01',
            name: 'Gemini',
            html_url: 'https://lunar.pagerduty.com/services/PSERV01',
            escalation_policy: { id: 'PPOL01', name: 'Gemini primary' },
          },
        }),
      ),
      http.get(`${PAGERDUTY_URL}/oncall-users`, ({ request }) =>
        new URL(request.url).searchParams.get('escalation_policy_ids[]') ===
        'PPOL01'
          ? HttpResponse.json({
              users: [
                {
                  id: 'PU1',
                  name: 'Bjørn Sørensen',
                  email: 'bjorn@lunar.app',
                  html_url: 'https://lunar.pagerduty.com/users/PU1',
                },
              ],
            })
          : HttpResponse.json({ users: [] }),
      ),
    );
    await renderWithApis(<OnCallCard entity={annotated} />);
    expect(
      await screen.findByRole('link', { name: /Bjørn Sørensen/ }),
    ).toHaveAttribute('href', 'https://lunar.pagerduty.com/users/PU1');
    expect(
      screen.getByText('bjorn@lunar.app · via Gemini primary'),
    ).toBeInTheDocument();
  });

  it("shows PagerDuty's error when it is down", async () => {
    server.use(
      http.get(`${PAGERDUTY_URL}/services/PSERV01`, () =>
        HttpResponse.json(
          { errors: ['Failed to get service. PagerDuty API returned 503'] },
          { status: 503, statusText: 'Service Unavailable' },
        ),
      ),
    );
    await renderWithApis(<OnCallCard entity={annotated} />);
    expect(
      await screen.findByText(/Could not load who is on call from PagerDuty/),
    ).toBeInTheDocument();
  });
});
