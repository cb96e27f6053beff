import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { ReactElement } from 'react';
import {
  AuditEntry,
  BulkJob,
  BulkRequest,
  DeadLetter,
  IngestStatus,
  DeadLetterClient,
  deadLetterApiRef,
  SquadOverview,
  Trends,
} from '../api';

export const BASE_URL = 'http://localhost:7007/api/dead-letter';

export const termDeposit: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'term-deposit', namespace: 'default' },
  spec: { type: 'service', owner: 'squad-gemini', lifecycle: 'production' },
};

export const squadGemini: Entity = {
  apiVersion: 'backstage.io/v1',
  kind: 'Group',
  metadata: { name: 'squad-gemini', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

export function makeMessage(n: number, environment = 'dev'): DeadLetter {
  const pad = String(n).padStart(4, '0');
  return {
    id: String(n),
    environment,
    service: 'term-deposit',
    queue: 'dev-k8s-commandstreams_bankaccount_account_term-deposit',
    exchange: 'commandstreams',
    routingKey: 'bankaccount.account.ReserveFundsResponseV1',
    messageId: `msg-${pad}`,
    correlationId: `corr-${pad}`,
    error: 'ctx handler: insufficient_funds: insufficient funds',
    // newest first: higher n is newer
    receivedAt: new Date(Date.UTC(2021, 10, 1) + n * 60_000).toISOString(),
    // Died a minute and a half before the portal received it.
    diedAt: new Date(Date.UTC(2021, 10, 1) + n * 60_000 - 90_000).toISOString(),
    bodySize: 27,
    bodyTruncated: false,
    redeliveredCount: 0,
    deadLetterQueue: 'dev.dead-letters',
    headers: {
      'x-death': [
        {
          count: 1,
          reason: 'rejected',
          queue: 'dev-k8s-commandstreams_bankaccount_account_term-deposit',
          exchange: 'commandstreams',
          'routing-keys': ['bankaccount.account.ReserveFundsResponseV1'],
        },
      ],
      'x-error': 'ctx handler: insufficient_funds: insufficient funds',
    },
    properties: { contentType: 'application/json', deliveryMode: 2 },
    bodyBase64: Buffer.from('{"accountId":"a-1","amount":100}').toString(
      'base64',
    ),
    bodyText: '{"accountId":"a-1","amount":100}',
  };
}

/** A message without headers, properties and body, as lists return it. */
function summary(message: DeadLetter) {
  const { headers, properties, bodyBase64, bodyText, ...rest } = message;
  return rest;
}

function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/** A bulk job of the fake: the ids it takes, worked off a batch per poll. */
type FakeJob = BulkJob & { ids: string[] };

/** An in-memory backend behind msw, with the request log for assertions. */
export class FakeBackend {
  messages: DeadLetter[];
  audit: AuditEntry[] = [];
  requests: { method: string; url: URL; body?: any }[] = [];
  failRedeliver = new Set<string>();
  listError?: { status: number; message: string };
  squadOverviews: Record<string, SquadOverview> = {};
  environments = ['dev', 'staging'];
  /** What each environment's ingest reports; absent = not reported. */
  ingest: Record<string, IngestStatus> = {};
  /** Messages a bulk job works off per poll (all at once by default). */
  bulkBatch = Number.MAX_SAFE_INTEGER;
  /** Set: a bulk job stops advancing once it has processed this many. */
  bulkPauseAt?: number;
  /** Set: the next polls of a bulk job answer that it stopped with this. */
  bulkJobError?: string;
  jobs: FakeJob[] = [];
  /** Per environment; absent: 14 days without dead letters. */
  trends: Record<string, Trends> = {};
  trendsError?: { status: number; message: string };
  logLinkTemplate: string | null =
    'https://logs.example.com/search?q={correlationId}&env={environment}';

  constructor(count: number) {
    this.messages = Array.from({ length: count }, (_, i) =>
      makeMessage(count - i),
    );
  }

  handlers() {
    const log = async (request: Request) => {
      const body =
        request.method === 'GET' ? undefined : await request.clone().json();
      this.requests.push({
        method: request.method,
        url: new URL(request.url),
        body,
      });
    };
    return [
      http.get(`${BASE_URL}/environments`, async ({ request }) => {
        await log(request);
        return HttpResponse.json({
          environments: this.environments.map(name => ({
            name,
            queues: [`${name}.dead-letters`],
            ingest: this.ingest[name],
          })),
          logLinkTemplate: this.logLinkTemplate,
          ingest: this.environments.length > 0,
        });
      }),
      http.get(`${BASE_URL}/dead-letters`, async ({ request }) => {
        await log(request);
        if (this.listError) {
          return HttpResponse.json(
            {
              error: { name: 'Error', message: this.listError.message },
              response: { statusCode: this.listError.status },
            },
            { status: this.listError.status },
          );
        }
        const url = new URL(request.url);
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? 50);
        const matching = this.listed(url.searchParams);
        const newestId = matching.length
          ? String(Math.max(...matching.map(m => Number(m.id))))
          : undefined;
        // Stored newest first, as the backend's default order.
        if (url.searchParams.get('order') === 'asc') {
          matching.reverse();
        }
        return HttpResponse.json({
          items: matching.slice(offset, offset + limit).map(summary),
          totalCount: matching.length,
          newestId,
          offset,
          limit,
        });
      }),
      http.post(`${BASE_URL}/dead-letters/bulk`, async ({ request }) => {
        await log(request);
        const bulk = (await request.json()) as BulkRequest;
        const params = new URLSearchParams(
          Object.entries(bulk.filter).map(([k, v]) => [k, String(v)]),
        );
        const ids = this.listed(params)
          .filter(m => BigInt(m.id) <= BigInt(bulk.upToId))
          .map(m => m.id);
        if (
          bulk.expectedCount !== undefined &&
          ids.length > bulk.expectedCount
        ) {
          return errorResponse(
            409,
            'ConflictError',
            `${ids.length} messages match, more than the ${bulk.expectedCount} confirmed`,
          );
        }
        const job: FakeJob = {
          id: String(this.jobs.length + 1),
          action: bulk.action,
          environment: bulk.filter.environment,
          service: bulk.filter.service,
          actor: 'user:default/guest',
          state: 'running',
          total: ids.length,
          processed: 0,
          succeeded: 0,
          failed: 0,
          failures: [],
          startedAt: new Date(Date.UTC(2026, 11, 1, 8)).toISOString(),
          ids,
        };
        this.jobs.push(job);
        const { ids: _ids, ...shown } = job;
        return HttpResponse.json(shown, { status: 202 });
      }),
      http.get(
        `${BASE_URL}/dead-letters/bulk/:id`,
        async ({ request, params }) => {
          await log(request);
          const job = this.jobs.find(j => j.id === params.id);
          if (!job) {
            return errorResponse(404, 'NotFoundError', 'no such job');
          }
          if (job.state === 'running') {
            this.advance(job);
          }
          const { ids: _ids, ...shown } = job;
          return HttpResponse.json(shown);
        },
      ),
      http.get(`${BASE_URL}/dead-letters/trends`, async ({ request }) => {
        await log(request);
        if (this.trendsError) {
          const { status, message } = this.trendsError;
          return errorResponse(status, 'Error', message);
        }
        const env = new URL(request.url).searchParams.get('environment')!;
        return HttpResponse.json(
          this.trends[env] ?? {
            days: Array.from({ length: 14 }, (_, i) =>
              new Date(Date.UTC(2026, 10, 18 + i)).toISOString().slice(0, 10),
            ),
            series: [],
          },
        );
      }),
      http.get(`${BASE_URL}/dead-letters/audit`, async ({ request }) => {
        await log(request);
        return HttpResponse.json({ items: this.audit });
      }),
      http.get(
        `${BASE_URL}/dead-letters/squad-overview`,
        async ({ request }) => {
          await log(request);
          const env = new URL(request.url).searchParams.get('environment')!;
          return HttpResponse.json(
            this.squadOverviews[env] ?? { environment: env, items: [] },
          );
        },
      ),
      http.get(`${BASE_URL}/dead-letters/lookup`, async ({ request }) => {
        await log(request);
        const id = new URL(request.url).searchParams.get('id');
        return HttpResponse.json({
          items: this.messages
            .filter(m => m.messageId === id || m.correlationId === id)
            .map(summary),
        });
      }),
      http.get(`${BASE_URL}/dead-letters/errors`, async ({ request }) => {
        await log(request);
        const counts = new Map<string | null, number>();
        for (const m of this.matching(new URL(request.url).searchParams)) {
          counts.set(m.error, (counts.get(m.error) ?? 0) + 1);
        }
        return HttpResponse.json({
          items: [...counts]
            .map(([error, count]) => ({ error, count }))
            .sort((a, b) => b.count - a.count),
        });
      }),
      http.get(`${BASE_URL}/dead-letters/:id`, async ({ request, params }) => {
        await log(request);
        const message = this.messages.find(m => m.id === params.id);
        return message
          ? HttpResponse.json(message)
          : HttpResponse.json(
              {
                error: { name: 'NotFoundError', message: 'no such message' },
                response: { statusCode: 404 },
              },
              { status: 404 },
            );
      }),
      http.delete(`${BASE_URL}/dead-letters`, async ({ request }) => {
        await log(request);
        const { ids } = (await request.json()) as { ids: string[] };
        this.messages = this.messages.filter(m => !ids.includes(m.id));
        this.audit.unshift({
          id: String(this.audit.length + 1),
          action: 'delete',
          actor: 'user:default/guest',
          environment: 'dev',
          service: 'term-deposit',
          messageIds: ids,
          outcome: 'succeeded',
          details: {},
          createdAt: new Date(Date.UTC(2026, 10, 26, 6)).toISOString(),
        });
        return HttpResponse.json({ deleted: ids });
      }),
      http.post(`${BASE_URL}/dead-letters/redeliver`, async ({ request }) => {
        await log(request);
        const { ids } = (await request.json()) as { ids: string[] };
        const results = ids.map(id =>
          this.failRedeliver.has(id)
            ? { id, status: 'failed', error: 'publish not confirmed' }
            : { id, status: 'redelivered' },
        );
        const ok = results.filter(r => r.status === 'redelivered');
        this.messages = this.messages.filter(m => !ok.some(r => r.id === m.id));
        return HttpResponse.json({ results });
      }),
    ];
  }

  /** The messages the list (and a bulk action) takes for these parameters. */
  private listed(params: URLSearchParams) {
    const q = params.get('q')?.toLocaleLowerCase('en-US');
    const error = params.get('error');
    const errorIsNull = params.get('errorIsNull') === 'true';
    return this.matching(params).filter(
      m =>
        (!errorIsNull || m.error === null) &&
        (!error || m.error === error) &&
        (!q ||
          [m.messageId, m.correlationId, m.error, m.queue, m.routingKey]
            .join(' ')
            .toLocaleLowerCase('en-US')
            .includes(q)),
    );
  }

  /** One poll's worth of a running job: a batch deleted or redelivered. */
  private advance(job: FakeJob) {
    if (this.bulkJobError) {
      job.state = 'failed';
      job.error = this.bulkJobError;
      job.finishedAt = job.startedAt;
      return;
    }
    const end = Math.min(
      job.processed + this.bulkBatch,
      this.bulkPauseAt ?? Number.MAX_SAFE_INTEGER,
    );
    const batch = job.ids.slice(job.processed, Math.max(job.processed, end));
    const failed = batch.filter(
      id => job.action === 'redeliver' && this.failRedeliver.has(id),
    );
    const done = batch.filter(id => !failed.includes(id));
    this.messages = this.messages.filter(m => !done.includes(m.id));
    job.processed += batch.length;
    job.succeeded += done.length;
    job.failed += failed.length;
    job.failures.push(
      ...failed.map(id => ({ id, error: 'publish not confirmed' })),
    );
    job.failures = job.failures.slice(0, 20);
    if (job.processed >= job.total) {
      job.state = 'done';
      job.finishedAt = job.startedAt;
    }
  }

  /** The stored messages that match the filters both list routes share. */
  private matching(params: URLSearchParams) {
    const p = (name: string) => params.get(name);
    const [env, queue, from, to] = ['environment', 'queue', 'from', 'to'].map(
      p,
    );
    return this.messages.filter(
      m =>
        (!env || m.environment === env) &&
        (!queue || m.queue === queue) &&
        (!from || m.diedAt >= new Date(from).toISOString()) &&
        (!to || m.diedAt <= new Date(to).toISOString()),
    );
  }

  /** The bulk action requests, in order. */
  bulkRequests() {
    return this.requests.filter(
      r => r.method === 'POST' && r.url.pathname.endsWith('/dead-letters/bulk'),
    );
  }

  use(server: SetupServer) {
    server.use(...this.handlers());
    return this;
  }

  private lists() {
    return this.requests.filter(
      r => r.method === 'GET' && r.url.pathname.endsWith('/dead-letters'),
    );
  }

  /** The last request to the errors route. */
  lastErrors() {
    return [...this.requests]
      .reverse()
      .find(r => r.url.pathname.endsWith('/dead-letters/errors'));
  }

  firstList() {
    return this.lists()[0];
  }

  listOffsets() {
    return this.lists().map(r => r.url.searchParams.get('offset'));
  }

  lastList() {
    return [...this.requests]
      .reverse()
      .find(
        r => r.method === 'GET' && r.url.pathname.endsWith('/dead-letters'),
      );
  }
}

/** The signals API of the app, with `publish` to send a signal in a test. */
export class FakeSignals implements SignalApi {
  private readonly subscribers = new Map<string, Set<(message: any) => void>>();

  subscribe: SignalApi['subscribe'] = (channel, onMessage) => {
    const set = this.subscribers.get(channel) ?? new Set();
    set.add(onMessage);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(onMessage) };
  };

  publish(channel: string, message: object) {
    for (const listener of this.subscribers.get(channel) ?? []) {
      listener(message);
    }
  }
}

export function renderWithApis(
  element: ReactElement,
  options: {
    entity?: Entity;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    /** The URL the app starts at, e.g. with filters in the query. */
    url?: string;
    /** The app's signals API; absent: the app has none. */
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
        [deadLetterApiRef, new DeadLetterClient({ discoveryApi, fetchApi })],
        mockApis.permission({
          authorize: options.permission ?? AuthorizeResult.ALLOW,
        }),
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
      ...(options.url ? { initialRouteEntries: [options.url] } : {}),
    },
  );
}

/**
 * The error panel a failed request leaves (ResponseErrorPanel: an alert whose
 * title is "Error: " and the request's error), once it shows.
 */
export async function findErrorPanel() {
  return screen.findByRole('alert', {}, { timeout: 5_000 });
}
