import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SecurityClient, securityApiRef, SquadSecurity } from '../../api';
import { FakeSignals } from '../../__testUtils__/fakeBackend';
import { changeSentence, SecurityCard } from './SecurityCard';

jest.setTimeout(30_000);

const SQUAD = 'group:default/squad-gemini';
const URL = `http://localhost:7007/api/release-status/squads/${encodeURIComponent(
  SQUAD,
)}/security`;

const server = setupServer();
registerMswTestHooks(server);

function security(overrides: Partial<SquadSecurity> = {}): SquadSecurity {
  return {
    squad: SQUAD,
    environment: 'prod',
    day: '2026-12-02',
    reported: true,
    services: [
      {
        service: 'authentication',
        entityRef: 'component:default/authentication',
        version: 'master-1c1508405e-67e9d69164',
        releasedAt: '2026-12-02T08:00:00.000Z',
        reported: true,
        now: { high: 2, critical: 0 },
        yesterday: { high: 12, critical: 1 },
      },
      {
        service: 'user',
        entityRef: 'component:default/user',
        version: 'master-2b2b2b2b2b-67e9d69164',
        reported: true,
        now: { high: 3, critical: 0 },
      },
      {
        service: 'product',
        entityRef: 'component:default/product',
        reported: false,
      },
    ],
    totals: {
      now: { high: 5, critical: 0 },
      yesterday: { high: 15, critical: 1 },
      change: { high: -10, critical: -1 },
    },
    ...overrides,
  };
}

function serve(answer: SquadSecurity | (() => Response)) {
  const calls: URL[] = [];
  server.use(
    http.get(URL, ({ request }) => {
      calls.push(new globalThis.URL(request.url) as any);
      return typeof answer === 'function'
        ? answer()
        : HttpResponse.json(answer);
    }),
  );
  return calls;
}

function render(signals?: FakeSignals) {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
  const fetchApi = mockApis.fetch();
  return renderInTestApp(<SecurityCard squadRef={SQUAD} />, {
    apis: [
      [securityApiRef, new SecurityClient({ discoveryApi, fetchApi })],
      ...(signals ? [[signalApiRef, signals] as const] : []),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('changeSentence', () => {
  it('words the change as the mock-up does', () => {
    expect(changeSentence({ high: -10, critical: 0 })).toEqual({
      text: 'Great job! You have 10 high CVEs fewer than yesterday',
      tone: 'better',
    });
    expect(changeSentence({ high: 3, critical: 0 }).text).toBe(
      '3 high CVEs more than yesterday',
    );
    expect(changeSentence({ high: 1, critical: 0 }).text).toBe(
      '1 high CVE more than yesterday',
    );
    expect(changeSentence({ high: 0, critical: 0 })).toEqual({
      text: 'Same as yesterday',
      tone: 'same',
    });
    expect(changeSentence({ high: -2, critical: -1 }).text).toBe(
      'Great job! You have 2 high CVEs fewer than yesterday and 1 critical CVE fewer than yesterday',
    );
    // Fewer high but a new critical one is not a great job.
    expect(changeSentence({ high: -2, critical: 1 })).toEqual({
      text: '2 high CVEs fewer than yesterday; 1 critical CVE more than yesterday',
      tone: 'worse',
    });
  });
});

describe('SecurityCard', () => {
  it('shows CVEs per service in prod and the change since yesterday', async () => {
    serve(
      security({
        totals: { ...security().totals, change: { high: -10, critical: 0 } },
      }),
    );
    await render();
    expect(
      await screen.findByText(
        'Great job! You have 10 high CVEs fewer than yesterday',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Security' })).getByText(
        'High and critical CVEs of what runs in prod now',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('High CVEs').previousSibling).toHaveTextContent(
      '5',
    );
    expect(screen.getByText('Critical CVEs').previousSibling).toHaveTextContent(
      '0',
    );

    const table = screen.getByRole('table', {
      name: 'High and critical CVEs per service in prod',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'ServiceCriticalHighSince yesterdayVersion in prod',
      'authentication02−10 high, −1 criticalmaster-1c1508405e-67e9d69164',
      'user03no figure yesterdaymaster-2b2b2b2b2b-67e9d69164',
      'productnot sentnot sentno figuresnot released',
    ]);
    expect(
      within(rows[1]).getByRole('link', { name: 'authentication' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/authentication/releases',
    );
  });

  it('says when there are more, or the same, as yesterday', async () => {
    serve(
      security({
        totals: {
          now: { high: 8, critical: 0 },
          yesterday: { high: 5, critical: 0 },
          change: { high: 3, critical: 0 },
        },
      }),
    );
    const { unmount } = await render();
    expect(
      await screen.findByText('3 high CVEs more than yesterday'),
    ).toBeInTheDocument();
    unmount();

    serve(
      security({
        totals: {
          now: { high: 5, critical: 0 },
          yesterday: { high: 5, critical: 0 },
          change: { high: 0, critical: 0 },
        },
      }),
    );
    await render();
    expect(await screen.findByText('Same as yesterday')).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    let answer: () => void = () => {};
    server.use(
      http.get(URL, async () => {
        await new Promise<void>(resolve => {
          answer = resolve;
        });
        return HttpResponse.json(security());
      }),
    );
    await render();
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    act(() => answer());
    expect(await screen.findByText(/Great job!/)).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('says there is no figure from yesterday on the first day', async () => {
    serve(security({ totals: { now: { high: 5, critical: 0 } } }));
    await render();
    expect(
      await screen.findByText(/No figure from yesterday yet/),
    ).toBeInTheDocument();
  });

  it('says how to send figures when none have arrived', async () => {
    serve(
      security({
        reported: false,
        services: [{ service: 'cards', reported: false }],
        totals: { now: { high: 0, critical: 0 } },
        howToSend:
          'No vulnerability figures have arrived for these services in prod. Send them from CI with each release: POST /api/release-status/releases …',
      }),
    );
    await render();
    expect(
      await screen.findByText('No vulnerability figures yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Send them from CI with each release/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/"vulnerabilities": \{ "critical": 0, "high": 2/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says so when the squad owns no services', async () => {
    serve(
      security({
        reported: false,
        services: [],
        totals: { now: { high: 0, critical: 0 } },
      }),
    );
    await render();
    expect(await screen.findByText('No services')).toBeInTheDocument();
  });

  it('shows an error panel when release-status fails', async () => {
    serve(() =>
      HttpResponse.json(
        {
          error: { name: 'Error', message: 'database is down' },
          response: { statusCode: 500 },
        },
        { status: 500 },
      ),
    );
    await render();
    expect(await screen.findByText(/database is down/)).toBeInTheDocument();
  });

  it('reloads when the squad pulse announces a release', async () => {
    const calls = serve(security());
    const signals = new FakeSignals();
    await render(signals);
    await screen.findByText(/Great job!/);
    expect(calls).toHaveLength(1);

    serve(
      security({
        totals: {
          now: { high: 8, critical: 0 },
          yesterday: { high: 5, critical: 0 },
          change: { high: 3, critical: 0 },
        },
      }),
    );
    act(() => {
      signals.publish('squad-overview:pulse', {
        squad: 'group:default/squad-other',
        entry: { id: 'x', kind: 'released', at: '', summary: '' },
      });
      signals.publish('squad-overview:pulse', {
        squad: SQUAD,
        entry: { id: 'y', kind: 'pr-opened', at: '', summary: '' },
      });
    });
    act(() => {
      signals.publish('squad-overview:pulse', {
        squad: SQUAD,
        entry: { id: 'z', kind: 'released', at: '', summary: '' },
      });
    });
    expect(
      await screen.findByText('3 high CVEs more than yesterday'),
    ).toBeInTheDocument();
  });
});
