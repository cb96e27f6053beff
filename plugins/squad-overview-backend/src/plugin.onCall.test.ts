import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import pagerDutyPlugin from '@pagerduty/backstage-plugin-backend';
import request from 'supertest';
import { startSquadBackend } from './__testUtils__/backend';

jest.setTimeout(60_000);

// The PagerDuty REST API (api.pagerduty.com), as documented: a service with
// its escalation policy, and the on-calls of that policy.
const seen: { path: string; authorization: string | null }[] = [];
let oncallsAnswer: 'ok' | 'rate-limited' = 'ok';

const pagerDutyApi = setupServer(
  http.get(
    'https://api.pagerduty.com/services/:id',
    ({ params, request: r }) => {
      seen.push({
        path: `/services/${params.id}`,
        authorization: r.headers.get('authorization'),
      });
      if (params.id !== 'PGEMINI') {
        return HttpResponse.json(
          { error: { message: 'Not Found', code: 2100 } },
          { status: 404 },
        );
      }
      return HttpResponse.json({
        service: {
          id: 'PGEMINI',
          type: 'service',
          summary: 'Squad Gemini',
          name: 'Squad Gemini',
          html_url: 'https://lunar.pagerduty.com/service-directory/PGEMINI',
          escalation_policy: {
            id: 'PEPGEM',
            type: 'escalation_policy_reference',
            summary: 'Gemini escalation',
            html_url: 'https://lunar.pagerduty.com/escalation_policies/PEPGEM',
          },
        },
      });
    },
  ),
  http.get('https://api.pagerduty.com/oncalls', ({ request: r }) => {
    const url = new URL(r.url);
    seen.push({
      path: `/oncalls?${url.searchParams.get('escalation_policy_ids[]')}`,
      authorization: r.headers.get('authorization'),
    });
    if (oncallsAnswer === 'rate-limited') {
      return HttpResponse.json(
        { error: { message: 'Rate Limit Exceeded', code: 2020 } },
        { status: 429 },
      );
    }
    const user = (id: string, name: string, level: number) => ({
      escalation_level: level,
      user: {
        id,
        type: 'user',
        name,
        summary: name,
        email: `${id.toLowerCase()}@lunar.app`,
        html_url: `https://lunar.pagerduty.com/users/${id}`,
      },
    });
    return HttpResponse.json({
      oncalls: [
        user('PLINUS', 'Linus', 1),
        user('PADA', 'Ada', 1),
        user('PGRACE', 'Grace', 2),
      ],
      more: false,
    });
  }),
);

beforeAll(() => pagerDutyApi.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  seen.length = 0;
  oncallsAnswer = 'ok';
});
afterAll(() => pagerDutyApi.close());

describe('On call through the PagerDuty backend', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start(config: JsonObject) {
    const knex = await databases.init('SQLITE_3');
    return startSquadBackend({ knex, config, features: [pagerDutyPlugin] });
  }

  async function onCall(server: any, serviceId: string) {
    return request(server)
      .get(`/api/squad-overview/on-call/${serviceId}`)
      .set('Authorization', mockCredentials.user.header());
  }

  const configured = {
    pagerDuty: { apiToken: 'pd-test-token' },
    squadOverview: { onCall: { refreshSeconds: 0.05 } },
  };

  it('shows who is on call now (first escalation level), with links', async () => {
    const { server } = await start(configured);
    const res = await onCall(server, 'PGEMINI');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      source: { configured: true, asOf: expect.any(String) },
      service: {
        id: 'PGEMINI',
        name: 'Squad Gemini',
        url: 'https://lunar.pagerduty.com/service-directory/PGEMINI',
      },
      escalationPolicy: {
        id: 'PEPGEM',
        name: 'Gemini escalation',
        url: 'https://lunar.pagerduty.com/escalation_policies/PEPGEM',
      },
      users: [
        {
          id: 'PADA',
          name: 'Ada',
          email: 'pada@lunar.app',
          url: 'https://lunar.pagerduty.com/users/PADA',
        },
        {
          id: 'PLINUS',
          name: 'Linus',
          email: 'plinus@lunar.app',
          url: 'https://lunar.pagerduty.com/users/PLINUS',
        },
      ],
    });
    // PagerDuty was asked with the configured token, by the PagerDuty backend.
    expect(seen).toEqual([
      {
        path: '/services/PGEMINI',
        authorization: 'Token token=pd-test-token',
      },
      { path: '/oncalls?PEPGEM', authorization: 'Token token=pd-test-token' },
    ]);
  });

  it('keeps the last answer with its time and the error while PagerDuty rate-limits', async () => {
    const { server } = await start(configured);
    const first = await onCall(server, 'PGEMINI');
    expect(first.body.users).toHaveLength(2);

    oncallsAnswer = 'rate-limited';
    let latest = first;
    for (let i = 0; i < 100 && !latest.body.source.error; i++) {
      await new Promise(r => setTimeout(r, 100));
      latest = await onCall(server, 'PGEMINI');
    }
    expect(latest.status).toBe(200);
    expect(latest.body.source).toEqual({
      configured: true,
      asOf: first.body.source.asOf,
      error: 'PagerDuty: Failed to list oncalls. Rate limit exceeded.',
    });
    expect(latest.body.users.map((u: any) => u.name)).toEqual(['Ada', 'Linus']);
  });

  it('says so for a service PagerDuty does not know, with no one on call', async () => {
    const { server } = await start(configured);
    const res = await onCall(server, 'PNOPE00');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      source: {
        configured: true,
        error:
          'PagerDuty: Failed to get service. The requested resource was not found.',
      },
      users: [],
    });
  });

  it('without PagerDuty credentials says how to configure them and asks nobody', async () => {
    const { server } = await start({});
    const res = await onCall(server, 'PGEMINI');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      source: {
        configured: false,
        howToConfigure: expect.stringContaining('pagerDuty.apiToken'),
      },
      users: [],
    });
    expect(seen).toEqual([]);
  });

  it('refuses a service id that is not one, asking nobody', async () => {
    const { server } = await start(configured);
    const res = await onCall(server, 'P-1%20OR%201');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/serviceId/);
    expect(seen).toEqual([]);
  });
});
