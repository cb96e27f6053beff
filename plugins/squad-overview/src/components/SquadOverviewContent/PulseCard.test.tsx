import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  FakeSignals,
  pulseEntry,
  renderWithApis,
  serveSquad,
  squadGemini,
} from '../../__testUtils__/fakeBackend';
import { PulseCard } from './PulseCard';
import { PULSE_CHANNEL } from './usePulse';

const server = setupServer();
registerMswTestHooks(server);

const squad = { namespace: 'default', name: 'squad-gemini' };
const squadRef = 'group:default/squad-gemini';
const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

function activities() {
  const table = screen.getByRole('table', { name: 'Pulse' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[1].textContent);
}

describe('PulseCard', () => {
  it('shows the newest entries first and loads older ones with the cursor', async () => {
    const befores: (string | null)[] = [];
    serveSquad(server, {
      pulse: url => {
        befores.push(url.searchParams.get('before'));
        return url.searchParams.get('before') === 'cursor-2'
          ? { items: [pulseEntry(1, minutesAgo(60))] }
          : {
              items: [
                pulseEntry(2, minutesAgo(30)),
                pulseEntry(3, minutesAgo(5)),
              ],
              nextCursor: 'cursor-2',
            };
      },
    });
    await renderWithApis(<PulseCard squad={squad} squadRef={squadRef} />, {
      entity: squadGemini,
    });

    await screen.findByText('Entry 3');
    expect(activities()).toEqual(['Entry 3', 'Entry 2']);
    expect(screen.getByText('5 minutes ago')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await screen.findByText('Entry 1');
    expect(activities()).toEqual(['Entry 3', 'Entry 2', 'Entry 1']);
    expect(befores).toEqual([null, 'cursor-2']);
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull();
    expect(screen.getByText('No older entries.')).toBeInTheDocument();
  });

  it("inserts this squad's live entries at the top, highlighted, without a reload", async () => {
    let requests = 0;
    serveSquad(server, {
      pulse: () => {
        requests += 1;
        return { items: [pulseEntry(1, minutesAgo(10))] };
      },
    });
    const signals = new FakeSignals();
    await renderWithApis(<PulseCard squad={squad} squadRef={squadRef} />, {
      entity: squadGemini,
      signals,
    });
    await screen.findByText('Entry 1');

    act(() => {
      signals.publish(PULSE_CHANNEL, {
        squad: 'group:default/squad-nasa',
        entry: { ...pulseEntry(9, minutesAgo(0)), summary: 'Not ours' },
      });
      signals.publish(PULSE_CHANNEL, {
        squad: squadRef,
        entry: {
          ...pulseEntry(2, new Date().toISOString()),
          summary: 'demo-developer opened PR "Add term deposit limits"',
          url: 'https://github.com/lunarway/term-deposit/pull/7',
        },
      });
    });

    const link = await screen.findByRole('link', {
      name: /demo-developer opened PR "Add term deposit limits"/,
    });
    expect(link).toHaveAttribute(
      'href',
      'https://github.com/lunarway/term-deposit/pull/7',
    );
    expect(activities()).toEqual([
      expect.stringMatching(
        /^demo-developer opened PR "Add term deposit limits"/,
      ),
      'Entry 1',
    ]);
    expect(link.closest('tr')).toHaveAttribute('data-fresh', 'true');
    expect(screen.getByText('Entry 1').closest('tr')).not.toHaveAttribute(
      'data-fresh',
    );
    expect(screen.queryByText('Not ours')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('1 new pulse entry');
    // The same entry delivered twice is shown once.
    act(() =>
      signals.publish(PULSE_CHANNEL, {
        squad: squadRef,
        entry: pulseEntry(2, new Date().toISOString()),
      }),
    );
    expect(activities()).toHaveLength(2);
    expect(requests).toBe(1);
  });

  it('says so when nothing happened yet', async () => {
    serveSquad(server, { pulse: () => ({ items: [] }) });
    await renderWithApis(<PulseCard squad={squad} squadRef={squadRef} />, {
      entity: squadGemini,
    });
    expect(await screen.findByText('Nothing happened yet')).toBeInTheDocument();
    expect(screen.getByText(/Live updates are off/)).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    serveSquad(server, {
      pulse: () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'database is down' } },
          { status: 500 },
        ),
    });
    await renderWithApis(<PulseCard squad={squad} squadRef={squadRef} />, {
      entity: squadGemini,
    });
    expect(await screen.findByText(/database is down/)).toBeInTheDocument();
  });

  it('shows progress while the first page loads', async () => {
    serveSquad(server, {
      pulse: () => new Promise<Response>(() => {}) as unknown as Response,
    });
    await renderWithApis(<PulseCard squad={squad} squadRef={squadRef} />, {
      entity: squadGemini,
    });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('table')).toBeNull());
  });

  it("labels pod transitions and links them to the service's Kubernetes tab", async () => {
    const url = '/catalog/default/component/term-deposit/kubernetes';
    serveSquad(server, {
      pulse: () => ({
        items: [
          {
            id: 'crash',
            at: minutesAgo(1),
            kind: 'pod-crash-loop',
            service: 'term-deposit',
            summary:
              'Pod term-deposit-7c854f5444-gkcxm is in state: CrashLoopBackOff in prod (inspect logs)',
            url,
          },
          {
            id: 'recovered',
            at: minutesAgo(0),
            kind: 'deployment-recovered',
            service: 'term-deposit',
            summary: 'Deployment: term-deposit 3/3 pods are Running in prod',
            url,
          },
        ],
      }),
    });
    await renderWithApis(<PulseCard squad={squad} squadRef={squadRef} />, {
      entity: squadGemini,
    });

    await screen.findByText(/CrashLoopBackOff/);
    expect(activities()).toEqual([
      'Recovered: Deployment: term-deposit 3/3 pods are Running in prod',
      'Crash loop: Pod term-deposit-7c854f5444-gkcxm is in state: CrashLoopBackOff in prod (inspect logs)',
    ]);
    expect(
      screen.getByRole('link', { name: /is in state: CrashLoopBackOff/ }),
    ).toHaveAttribute('href', url);
  });
});
