import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EventsService,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import { createHmac } from 'node:crypto';
import eventsPlugin from '@backstage/plugin-events-backend';
import eventsModuleGithubChecks from '@internal/backstage-plugin-events-backend-module-github-checks';
import knexFactory, { Knex } from 'knex';
import path from 'node:path';
import { squadOverviewPlugin } from '../plugin';

/**
 * The GitHub events module's two features (the webhook signature validator
 * and the github.<event> router). Its package entry loads them with dynamic
 * imports, which jest cannot run; the same files, required directly.
 */
function githubModules() {
  const dist = path.dirname(
    require.resolve('@backstage/plugin-events-backend-module-github'),
  );
  return ['eventsModuleGithubEventRouter', 'eventsModuleGithubWebhook'].map(
    name => require(path.join(dist, 'service', `${name}.cjs.js`)).default,
  );
}

export const WEBHOOK_SECRET = 'test-webhook-secret';

export const SQUAD = 'group:default/squad-gemini';

export function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [
      {
        type: 'ownedBy',
        targetRef: owner.includes(':') ? owner : `group:default/${owner}`,
      },
    ],
  };
}

export const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'squad-gemini', namespace: 'default', title: 'Gemini' },
    spec: { type: 'squad', children: [] },
  },
  component('payments', 'squad-gemini', {
    'github.com/project-slug': 'lunarway/payments',
  }),
  component('term-deposit', 'squad-gemini', {
    'github.com/project-slug': 'lunarway/term-deposit',
    'lunar.app/release-manager-service': 'term-deposit-api',
  }),
  component('ledger', 'squad-nasa', {
    'github.com/project-slug': 'lunarway/ledger',
  }),
];

/** Signals and notifications the plugin sent, as a user would receive them. */
export interface Sent {
  signals: Array<{ channel: string; message: JsonObject }>;
  notifications: NotificationSendOptions[];
}

export async function startSquadBackend(options: {
  knex: Knex;
  config?: JsonObject;
  extraEntities?: Entity[];
  /** Replaces the example entities. */
  entities?: Entity[];
  features?: any[];
}) {
  const sent: Sent = { signals: [], notifications: [] };
  let events: EventsService | undefined;
  let scheduler: SchedulerService | undefined;
  // Publishes as another plugin would (dead-letter, release-status).
  const publisher = createBackendPlugin({
    pluginId: 'test-publisher',
    register(env) {
      env.registerInit({
        deps: { e: eventsServiceRef, s: coreServices.scheduler },
        async init({ e, s }) {
          events = e;
          // The mock scheduler is one instance for every plugin.
          scheduler = s;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      eventsPlugin,
      ...githubModules(),
      eventsModuleGithubChecks,
      squadOverviewPlugin,
      publisher,
      ...(options.features ?? []),
      // The real events service (the default test one is a mock).
      eventsServiceFactory,
      // The plugin's own database; the events backend gets a fresh one.
      createServiceFactory({
        service: coreServices.database,
        deps: {
          plugin: coreServices.pluginMetadata,
          lifecycle: coreServices.lifecycle,
        },
        factory: ({ plugin, lifecycle }) => {
          if (plugin.getId() === 'squad-overview') {
            return { getClient: async () => options.knex };
          }
          const client = knexFactory({
            client: 'better-sqlite3',
            connection: ':memory:',
            useNullAsDefault: true,
          });
          // Another plugin's throwaway database goes with the backend: its
          // open pool kept the Jest worker from exiting.
          lifecycle.addShutdownHook(() => client.destroy());
          return { getClient: async () => client };
        },
      }),
      mockServices.scheduler.factory(),
      mockServices.rootConfig.factory({
        data: {
          events: {
            useEventBus: 'never',
            http: { topics: ['github'] },
            modules: { github: { webhookSecret: WEBHOOK_SECRET } },
          },
          ...options.config,
        },
      }),
      catalogServiceMock.factory({
        entities: [
          ...(options.entities ?? entities),
          ...(options.extraEntities ?? []),
        ],
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: any) => {
            sent.signals.push(signal);
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (n: NotificationSendOptions) => {
            sent.notifications.push(n);
          },
        }),
      }),
    ],
  });
  return Object.assign(backend, {
    sent,
    publish: (topic: string, eventPayload: JsonObject) =>
      events!.publish({ topic, eventPayload }),
    /** Runs a scheduled task now and waits for it. */
    runTask: (id: string) => scheduler!.triggerTask(id),
  });
}

export function sign(body: string, secret = WEBHOOK_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

let delivery = 0;

/** A webhook as GitHub posts it. */
export function webhook(
  event: string,
  payload: object,
  options: { signature?: string | null; deliveryId?: string } = {},
) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': event,
    'x-github-delivery': options.deliveryId ?? `delivery-${++delivery}`,
  };
  if (options.signature !== null) {
    headers['x-hub-signature-256'] = options.signature ?? sign(body);
  }
  return { body, headers };
}

export function pullRequestOpened(repo: string, number: number) {
  return {
    action: 'opened',
    number,
    repository: { full_name: repo, default_branch: 'main' },
    sender: { login: 'octocat' },
    pull_request: {
      number,
      title: `Change ${number}`,
      html_url: `https://github.com/${repo}/pull/${number}`,
      user: { login: 'octocat' },
      created_at: '2026-12-01T08:00:00Z',
      merged: false,
    },
  };
}
