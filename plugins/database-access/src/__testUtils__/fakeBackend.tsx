import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { act, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { ReactElement } from 'react';
import {
  AccessHistoryEntry,
  AccessRequest,
  DatabaseAccessClient,
  databaseAccessApiRef,
  Environment,
} from '../api';

export const BASE_URL = 'http://localhost:7007/api/database-access';

export const ME = 'user:default/demo-developer';
export const APPROVER = 'user:default/signe-bruun';

function database(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default' },
    spec: { type: 'database', owner },
  };
}

export const bankaccountDb = database('bankaccount-db', 'squad-mercury');
export const interestRateDb = database('interest-rate-db', 'squad-gemini');

export const ENVIRONMENTS: Environment[] = [
  {
    name: 'dev',
    mode: 'direct',
    maxMinutes: { read: 43200, write: 1440 },
    approvalsRequired: { read: 1, write: 1 },
    host: '127.0.0.1',
    port: 5432,
    error: null,
  },
  {
    name: 'prod',
    mode: 'direct',
    maxMinutes: { read: 480, write: 480 },
    approvalsRequired: { read: 1, write: 2 },
    host: 'prod-db.example.com',
    port: 5432,
    error: null,
  },
];

let nextId = 1;

/** A request in any state; by default my pending read request in dev. */
export function makeRequest(overrides: Partial<AccessRequest> = {}) {
  const id = String(nextId++);
  const request: AccessRequest = {
    id,
    database: 'resource:default/bankaccount-db',
    databaseName: 'bankaccount-db',
    owner: 'group:default/squad-mercury',
    environment: 'dev',
    level: 'read',
    reason: 'Investigate the failed transfers of customer 42 in the ledger.',
    durationMinutes: 60,
    requester: ME,
    status: 'pending',
    createdAt: '2026-12-01T08:00:00.000Z',
    approveBy: '2026-12-02T08:00:00.000Z',
    approvals: [],
    approvalsRequired: 1,
    decidedBy: null,
    decisionReason: null,
    error: null,
    canApprove: false,
    canReject: false,
    canRevoke: true,
    cannotApproveReason: 'You cannot approve your own request.',
    ...overrides,
  };
  return request;
}

/** An active direct grant of `request`. */
export function activeGrant(credentialsIssued = false) {
  return {
    role: 'portal_access_demo_developer_1',
    mode: 'direct' as const,
    validFrom: '2026-12-01T08:05:00.000Z',
    validUntil: '2026-12-01T09:05:00.000Z',
    credentialsIssued,
    commit: null,
    endedAt: null,
    endedBy: null,
    endReason: null,
  };
}

function problem(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/** An in-memory database-access backend behind msw, with a request log. */
export class FakeBackend {
  environments: Environment[] = ENVIRONMENTS;
  requests: AccessRequest[] = [];
  history: AccessHistoryEntry[] = [];
  /** Route name -> the error it answers with. */
  failures: Record<string, { status: number; message: string }> = {};
  /** Set to delay GET /requests (for the loading state). */
  hold?: Promise<void>;
  log: { method: string; url: URL; body?: any }[] = [];

  handlers() {
    const record = async (request: Request) => {
      const body =
        request.method === 'GET'
          ? undefined
          : await request
              .clone()
              .json()
              .catch(() => undefined);
      this.log.push({
        method: request.method,
        url: new URL(request.url),
        body,
      });
    };
    const fail = (route: string) => {
      const f = this.failures[route];
      return f ? problem(f.status, 'Error', f.message) : undefined;
    };
    const find = (id: unknown) => this.requests.find(r => r.id === id);

    return [
      http.get(`${BASE_URL}/environments`, async ({ request }) => {
        await record(request);
        return (
          fail('environments') ??
          HttpResponse.json({ items: this.environments })
        );
      }),
      http.get(`${BASE_URL}/requests`, async ({ request }) => {
        await record(request);
        await this.hold;
        const failed = fail('requests');
        if (failed) {
          return failed;
        }
        const url = new URL(request.url);
        const view = url.searchParams.get('view') ?? 'mine';
        const db = url.searchParams.get('database');
        const items = this.requests.filter(
          r =>
            (!db || r.database === db) &&
            (view !== 'mine' || r.requester === ME) &&
            (view !== 'awaiting-me' ||
              (r.status === 'pending' && r.canApprove)),
        );
        return HttpResponse.json({ items: [...items].reverse() });
      }),
      http.get(`${BASE_URL}/requests/:id`, async ({ request, params }) => {
        await record(request);
        const r = find(params.id);
        return r
          ? HttpResponse.json(r)
          : problem(404, 'NotFoundError', `No access request ${params.id}`);
      }),
      http.post(`${BASE_URL}/requests`, async ({ request }) => {
        await record(request);
        const failed = fail('create');
        if (failed) {
          return failed;
        }
        const body = (await request.json()) as any;
        const created = makeRequest({ ...body, requester: ME });
        this.requests.push(created);
        return HttpResponse.json(created, { status: 201 });
      }),
      http.post(
        `${BASE_URL}/requests/:id/approve`,
        async ({ request, params }) => {
          await record(request);
          const failed = fail('approve');
          if (failed) {
            return failed;
          }
          const r = find(params.id)!;
          Object.assign(r, {
            status: 'active',
            canApprove: false,
            canReject: false,
            approvals: [{ by: APPROVER, at: new Date().toISOString() }],
            grant: activeGrant(),
          });
          return HttpResponse.json(r);
        },
      ),
      http.post(
        `${BASE_URL}/requests/:id/reject`,
        async ({ request, params }) => {
          await record(request);
          const r = find(params.id)!;
          const { reason } = (await request.json()) as any;
          Object.assign(r, {
            status: 'rejected',
            canApprove: false,
            canReject: false,
            canRevoke: false,
            decidedBy: APPROVER,
            decisionReason: reason,
          });
          return HttpResponse.json(r);
        },
      ),
      http.post(
        `${BASE_URL}/requests/:id/revoke`,
        async ({ request, params }) => {
          await record(request);
          const failed = fail('revoke');
          if (failed) {
            return failed;
          }
          const r = find(params.id)!;
          const { reason } = ((await request.json()) ?? {}) as any;
          Object.assign(r, {
            status: 'revoked',
            canRevoke: false,
            grant: r.grant && {
              ...r.grant,
              endedAt: '2026-12-01T08:30:00.000Z',
              endedBy: APPROVER,
              endReason: reason ?? null,
            },
          });
          return HttpResponse.json(r);
        },
      ),
      http.post(
        `${BASE_URL}/requests/:id/credentials`,
        async ({ request, params }) => {
          await record(request);
          const r = find(params.id)!;
          if (r.grant!.credentialsIssued) {
            return problem(
              409,
              'ConflictError',
              'The credentials of this grant were already shown once.',
            );
          }
          r.grant = { ...r.grant!, credentialsIssued: true };
          return HttpResponse.json({
            username: r.grant.role,
            password: 's3cret-Pa55word',
            host: '127.0.0.1',
            port: 5432,
            database: r.databaseName,
            validUntil: r.grant.validUntil,
          });
        },
      ),
      http.get(`${BASE_URL}/access-history`, async ({ request }) => {
        await record(request);
        const failed = fail('history');
        if (failed) {
          return failed;
        }
        const url = new URL(request.url);
        const user = url.searchParams.get('user');
        const items = this.history.filter(h => !user || h.user === user);
        if (url.searchParams.get('format') === 'csv') {
          return new HttpResponse(
            ['user,database', ...items.map(h => `${h.user},${h.database}`)]
              .join('\n')
              .concat('\n'),
            { headers: { 'Content-Type': 'text/csv' } },
          );
        }
        return HttpResponse.json({ items });
      }),
    ];
  }

  use(server: SetupServer) {
    server.use(...this.handlers());
    return this;
  }

  /** The requests the UI made to a path (after the plugin's base URL). */
  calls(method: string, path: string | RegExp) {
    return this.log.filter(
      l =>
        l.method === method &&
        (typeof path === 'string'
          ? l.url.pathname === `/api/database-access${path}`
          : path.test(l.url.pathname)),
    );
  }
}

/** The app's signals API, with `publish` to send a signal in a test. */
export class FakeSignals implements SignalApi {
  private readonly subscribers = new Map<string, Set<(message: any) => void>>();

  subscribe: SignalApi['subscribe'] = (channel, onMessage) => {
    const set = this.subscribers.get(channel) ?? new Set();
    set.add(onMessage);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(onMessage) };
  };

  publish(channel: string, message: object) {
    act(() => {
      for (const listener of this.subscribers.get(channel) ?? []) {
        listener(message);
      }
    });
  }
}

export function renderWithApis(
  element: ReactElement,
  options: {
    entity?: Entity;
    url?: string;
    user?: string;
    signals?: FakeSignals;
  } = {},
) {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
  const fetchApi = mockApis.fetch();
  return renderInTestApp(
    options.entity ? (
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    ) : (
      element
    ),
    {
      apis: [
        [
          databaseAccessApiRef,
          new DatabaseAccessClient({ discoveryApi, fetchApi }),
        ],
        mockApis.identity({ userEntityRef: options.user ?? ME }),
        catalogApiMock({ entities: [bankaccountDb, interestRateDb] }),
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
      ...(options.url ? { initialRouteEntries: [options.url] } : {}),
    },
  );
}

/** The error panel a failed request leaves, once it shows. */
export async function findErrorPanel() {
  return screen.findByRole('alert', {}, { timeout: 5_000 });
}
