import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { ReactElement } from 'react';
import {
  OnCallClient,
  onCallApiRef,
  PullRequestsResponse,
  PulseEntry,
  ServicesResponse,
  SquadOverviewClient,
  squadOverviewApiRef,
} from '../api';

export const BASE_URL = 'http://localhost:7007/api/squad-overview';
export const SQUAD_URL = `${BASE_URL}/squads/default/squad-gemini`;

export const squadGemini: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'squad-gemini', namespace: 'default' },
  spec: {
    type: 'squad',
    profile: { displayName: 'Squad Gemini' },
    children: [],
  },
};

const configured = { configured: true, asOf: '2026-12-01T08:00:00Z' };

export function servicesResponse(
  overrides: Partial<ServicesResponse> = {},
): ServicesResponse {
  return {
    squad: { entityRef: 'group:default/squad-gemini', title: 'Squad Gemini' },
    items: [],
    sources: {
      github: configured,
      deadLetters: configured,
      releases: configured,
    },
    ...overrides,
  };
}

export function pullRequests(
  overrides: Partial<PullRequestsResponse> = {},
): PullRequestsResponse {
  return { items: [], source: configured, ...overrides };
}

export function pulseEntry(n: number, at: string): PulseEntry {
  return {
    id: `entry-${n}`,
    at,
    kind: 'released',
    service: 'term-deposit',
    summary: `Entry ${n}`,
  };
}

/** The squad-overview backend's routes, answering what a test sets. */
export function serveSquad(
  server: SetupServer,
  options: {
    services?: ServicesResponse | (() => Response);
    pullRequests?: PullRequestsResponse | (() => Response);
    pulse?: (url: URL) => Response | object;
  },
) {
  server.use(
    http.get(`${SQUAD_URL}/services`, () =>
      typeof options.services === 'function'
        ? options.services()
        : HttpResponse.json(options.services ?? servicesResponse()),
    ),
    http.get(`${SQUAD_URL}/pull-requests`, () =>
      typeof options.pullRequests === 'function'
        ? options.pullRequests()
        : HttpResponse.json(options.pullRequests ?? pullRequests()),
    ),
    http.get(`${SQUAD_URL}/pulse`, ({ request }) => {
      const answer = options.pulse?.(new URL(request.url)) ?? { items: [] };
      return answer instanceof Response ? answer : HttpResponse.json(answer);
    }),
  );
}

/** A signals API whose messages the test publishes. */
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
    url?: string;
    signals?: FakeSignals;
    catalogEntities?: Entity[];
    identity?: { userEntityRef: string; ownershipEntityRefs: string[] };
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
          squadOverviewApiRef,
          new SquadOverviewClient({ discoveryApi, fetchApi }),
        ],
        [onCallApiRef, new OnCallClient({ discoveryApi, fetchApi })],
        [
          catalogApiRef,
          catalogApiMock({ entities: options.catalogEntities ?? [] }),
        ],
        mockApis.identity(options.identity),
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
      ...(options.url ? { initialRouteEntries: [options.url] } : {}),
    },
  );
}
