import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DeploymentsResponse, ServiceDeployments } from '../../api';
import {
  FakeSignals,
  renderWithApis,
  SQUAD_URL,
  squadGemini,
} from '../../__testUtils__/fakeBackend';
import { DeploymentsCard } from './DeploymentsCard';
import { PULSE_CHANNEL } from './usePulse';

const server = setupServer();
registerMswTestHooks(server);

const squad = { namespace: 'default', name: 'squad-gemini' };
const squadRef = 'group:default/squad-gemini';

const clusters = [
  { name: 'dev', ok: true },
  { name: 'staging', ok: true },
  { name: 'prod', ok: true },
];

function overview(
  services: ServiceDeployments[],
  overrides: Partial<DeploymentsResponse> = {},
): DeploymentsResponse {
  return {
    configured: true,
    clusters,
    services,
    asOf: '2026-12-06T20:00:00Z',
    ...overrides,
  };
}

const termDeposit = (
  prod: Partial<ServiceDeployments['environments'][number]> = {},
): ServiceDeployments => ({
  service: 'term-deposit',
  kubernetesId: 'term-deposit',
  environments: [
    {
      cluster: 'prod',
      status: 'running',
      running: 3,
      desired: 3,
      cpuPercent: 42.4,
      memoryPercent: 61,
      ...prod,
    },
    { cluster: 'dev', status: 'running', running: 1, desired: 1 },
  ],
});

/** Answers the deployments route; counts the calls and keeps their `since`. */
function serveDeployments(answer: () => Response | DeploymentsResponse) {
  const calls = { count: 0, since: [] as Array<string | null> };
  server.use(
    http.get(`${SQUAD_URL}/deployments`, ({ request }) => {
      calls.count += 1;
      calls.since.push(new URL(request.url).searchParams.get('since'));
      const a = answer();
      return a instanceof Response ? a : HttpResponse.json(a);
    }),
  );
  return calls;
}

const render = (signals?: FakeSignals) =>
  renderWithApis(<DeploymentsCard squad={squad} squadRef={squadRef} />, {
    entity: squadGemini,
    signals,
  });

/**
 * The table's rows as cell texts, header excluded (a missing figure reads
 * "—" followed by its reason, which only screen readers hear).
 */
function tableRows() {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(r =>
      within(r)
        .getAllByRole('cell')
        .map(c => c.textContent),
    );
}

describe('DeploymentsCard', () => {
  jest.setTimeout(20_000);

  it('shows each service per environment: pods, status, CPU and memory; the service links to its Kubernetes tab', async () => {
    serveDeployments(() => overview([termDeposit()]));
    await render();

    const links = await screen.findAllByRole('link', { name: 'term-deposit' });
    expect(links[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/term-deposit/kubernetes',
    );
    // dev before prod: the clusters' configured order.
    expect(tableRows()).toEqual([
      ['term-deposit', 'dev', '1/1', 'Running', '—no metrics', '—no metrics'],
      ['term-deposit', 'prod', '3/3', 'Running', '42%', '61%'],
    ]);
    expect(screen.getAllByTitle('no metrics')).toHaveLength(2);
    expect(screen.getByText(/^All pods running\./)).toBeInTheDocument();
  });

  it('says degraded and failing with the reason, in words', async () => {
    serveDeployments(() =>
      overview([
        termDeposit({
          status: 'failing',
          reason: 'CrashLoopBackOff',
          running: 0,
          desired: 3,
        }),
        {
          service: 'interest-rate',
          kubernetesId: 'interest-rate',
          environments: [
            {
              cluster: 'prod',
              status: 'degraded',
              reason: 'OOMKilled',
              running: 2,
              desired: 3,
            },
          ],
        },
      ]),
    );
    await render();

    await screen.findByText('Failing');
    expect(screen.getByText(/^1 failing · 1 degraded\./)).toBeInTheDocument();
    const rows = tableRows();
    expect(rows).toContainEqual([
      'interest-rate',
      'prod',
      '2/3',
      'Degraded: OOMKilled',
      '—no metrics',
      '—no metrics',
    ]);
    expect(rows).toContainEqual([
      'term-deposit',
      'prod',
      '0/3',
      'Failing: CrashLoopBackOff',
      '42%',
      '61%',
    ]);
  });

  it('marks a component without backstage.io/kubernetes-id as not annotated', async () => {
    serveDeployments(() =>
      overview([termDeposit(), { service: 'interest-rate', environments: [] }]),
    );
    await render();

    await screen.findByText('Not annotated');
    const row = tableRows().find(r => r[0] === 'interest-rate');
    expect(row?.[3]).toBe(
      'Not annotated: no backstage.io/kubernetes-id annotation',
    );
    // No Kubernetes tab to link to: the component's page.
    expect(screen.getByRole('link', { name: 'interest-rate' })).toHaveAttribute(
      'href',
      '/catalog/default/component/interest-rate',
    );
  });

  it("shows a cluster's error beside the other clusters' rows", async () => {
    serveDeployments(() =>
      overview(
        [
          termDeposit({
            status: 'cluster-error',
            reason: '401 Unauthorized',
            running: 0,
            desired: 0,
            cpuPercent: undefined,
            memoryPercent: undefined,
          }),
        ],
        {
          clusters: [
            { name: 'dev', ok: true },
            { name: 'prod', ok: false, error: '401 Unauthorized' },
          ],
        },
      ),
    );
    await render();

    await screen.findByRole('table');
    expect(
      screen
        .getAllByRole('status')
        .map(a => a.textContent)
        .filter(t => t?.includes('401')),
    ).toEqual(['prod: 401 Unauthorized']);
    expect(tableRows()).toEqual([
      ['term-deposit', 'dev', '1/1', 'Running', '—no metrics', '—no metrics'],
      [
        'term-deposit',
        'prod',
        '—no pod count',
        'Cluster error: 401 Unauthorized',
        '—no metrics',
        '—no metrics',
      ],
    ]);
  });

  it('says no cluster is configured, and how', async () => {
    serveDeployments(() =>
      overview([], {
        configured: false,
        clusters: [],
        howToConfigure:
          'Add clusters under kubernetes.clusterLocatorMethods in app-config.yaml.',
      }),
    );
    await render();

    expect(
      await screen.findByText('No Kubernetes cluster configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Add clusters under kubernetes.clusterLocatorMethods in app-config.yaml.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    serveDeployments(() => new Promise<Response>(() => {}) as any);
    await render();
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    serveDeployments(() =>
      HttpResponse.json(
        { error: { name: 'NotFoundError', message: 'No squad squad-gemini' } },
        { status: 404 },
      ),
    );
    await render();
    expect(
      await screen.findByText(/No squad squad-gemini/),
    ).toBeInTheDocument();
  });

  it('reads again when the pulse reports a pod transition of this squad, not for other entries', async () => {
    let current = overview([
      termDeposit({
        status: 'failing',
        reason: 'CrashLoopBackOff',
        running: 0,
        desired: 3,
      }),
    ]);
    const calls = serveDeployments(() => current);
    const signals = new FakeSignals();
    await render(signals);
    await screen.findByText('Failing');
    expect(calls.count).toBe(1);

    const entry = (kind: string) => ({
      id: `e-${kind}`,
      at: new Date().toISOString(),
      kind,
      service: 'term-deposit',
      summary: 'x',
    });
    // Another squad's transition, and this squad's pull request: no reload.
    act(() => {
      signals.publish(PULSE_CHANNEL, {
        squad: 'group:default/squad-nasa',
        entry: entry('deployment-recovered'),
      });
      signals.publish(PULSE_CHANNEL, {
        squad: squadRef,
        entry: entry('pr-opened'),
      });
    });

    current = overview([termDeposit()]);
    const recovered = entry('deployment-recovered');
    act(() => {
      signals.publish(PULSE_CHANNEL, { squad: squadRef, entry: recovered });
    });
    await waitFor(() =>
      expect(tableRows()[1]).toEqual([
        'term-deposit',
        'prod',
        '3/3',
        'Running',
        '42%',
        '61%',
      ]),
    );
    expect(calls.count).toBe(2);
    // The reload asks for a read no older than the entry it reloads on.
    expect(calls.since).toEqual([null, recovered.at]);
  });

  it('keeps the last answer on screen, with the error, when a later read fails', async () => {
    let fail = false;
    serveDeployments(() =>
      fail
        ? HttpResponse.json(
            { error: { name: 'Error', message: 'Kubernetes backend down' } },
            { status: 503 },
          )
        : overview([termDeposit()]),
    );
    const signals = new FakeSignals();
    await render(signals);
    await screen.findAllByText('Running');

    fail = true;
    act(() => {
      signals.publish(PULSE_CHANNEL, {
        squad: squadRef,
        entry: {
          id: 'e1',
          at: new Date().toISOString(),
          kind: 'pod-oom-killed',
          service: 'term-deposit',
          summary: 'x',
        },
      });
    });
    expect(
      await screen.findByText(/Could not refresh the deployments/),
    ).toHaveTextContent('Kubernetes backend down');
    expect(tableRows()).toHaveLength(2);
  });
});
