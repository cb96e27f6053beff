import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BASE_URL,
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

  it('says so when PagerDuty credentials are not configured', async () => {
    server.use(
      http.get(`${BASE_URL}/on-call/PSERV01`, () =>
        HttpResponse.json({
          source: {
            configured: false,
            howToConfigure: 'Set pagerDuty.apiToken in app-config.yaml.',
          },
          users: [],
        }),
      ),
    );
    await renderWithApis(<OnCallCard entity={annotated} />);
    expect(
      await screen.findByText(/PagerDuty credentials are not configured/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Set pagerDuty.apiToken in app-config.yaml./),
    ).toBeInTheDocument();
  });

  const gemini = {
    id: 'PSERV01',
    name: 'Gemini',
    url: 'https://lunar.pagerduty.com/services/PSERV01',
  };
  const bjorn = {
    id: 'PU1',
    name: 'Bjørn Sørensen',
    email: 'bjorn@lunar.app',
    url: 'https://lunar.pagerduty.com/users/PU1',
  };

  it("shows who is on call for the squad's PagerDuty service", async () => {
    server.use(
      http.get(`${BASE_URL}/on-call/PSERV01`, () =>
        HttpResponse.json({
          source: { configured: true, asOf: '2026-12-01T08:00:00Z' },
          service: gemini,
          escalationPolicy: { id: 'PPOL01', name: 'Gemini primary' },
          users: [bjorn],
        }),
      ),
    );
    await renderWithApis(<OnCallCard entity={annotated} />);
    expect(
      await screen.findByRole('link', { name: /Bjørn Sørensen/ }),
    ).toHaveAttribute('href', 'https://lunar.pagerduty.com/users/PU1');
    expect(
      screen.getByText('bjorn@lunar.app · via Gemini primary'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/could not be reached/)).not.toBeInTheDocument();
  });

  it('keeps the last people with their time while PagerDuty is down', async () => {
    server.use(
      http.get(`${BASE_URL}/on-call/PSERV01`, () =>
        HttpResponse.json({
          source: {
            configured: true,
            asOf: '2026-12-01T08:00:00Z',
            error: 'PagerDuty: Failed to list oncalls. Rate limit exceeded.',
          },
          service: gemini,
          users: [bjorn],
        }),
      ),
    );
    await renderWithApis(<OnCallCard entity={annotated} />);
    expect(
      await screen.findByText(/PagerDuty could not be reached/),
    ).toHaveTextContent(
      new RegExp(
        `Rate limit exceeded.*as of ${new Date('2026-12-01T08:00:00Z')
          .toLocaleString()
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
    expect(
      screen.getByRole('link', { name: /Bjørn Sørensen/ }),
    ).toBeInTheDocument();
  });

  it("shows PagerDuty's error when it never answered", async () => {
    server.use(
      http.get(`${BASE_URL}/on-call/PSERV01`, () =>
        HttpResponse.json({
          source: {
            configured: true,
            error: 'PagerDuty did not answer in time',
          },
          users: [],
        }),
      ),
    );
    await renderWithApis(<OnCallCard entity={annotated} />);
    expect(
      await screen.findByText(/Could not load who is on call from PagerDuty/),
    ).toHaveTextContent('PagerDuty did not answer in time');
  });

  it('shows the error of the portal itself', async () => {
    server.use(
      http.get(`${BASE_URL}/on-call/PSERV01`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 500 },
        ),
      ),
    );
    await renderWithApis(<OnCallCard entity={annotated} />);
    expect(
      await screen.findByText(/Could not load who is on call from PagerDuty/),
    ).toBeInTheDocument();
  });
});
