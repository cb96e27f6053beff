import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { readSquadOverviewConfig } from './config';
import { KnexPulseStore } from './database/KnexPulseStore';
import { KnexRuntimeStateStore } from './database/KnexRuntimeStateStore';
import { DeadLetterSpikes } from './events/deadLetterSpikes';
import { PodActivity } from './events/podActivity';
import { subscribeToEvents } from './events/subscriptions';
import { createTemplateCreationPoller } from './events/templateCreations';
import { GithubSquadSource } from './github/GithubSquadSource';
import { createRouter } from './router';
import { PulseRecorder } from './service/PulseRecorder';
import { SquadDirectory } from './service/SquadDirectory';
import { DeploymentsService } from './service/DeploymentsService';
import { SquadOverviewService } from './service/SquadOverviewService';
import { PagerDutyOnCall } from './sources/PagerDutyOnCall';
import { KubernetesRuntime } from './sources/KubernetesRuntime';
import { PortalApis } from './sources/PortalApis';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Squad overview: a squad's services with their key numbers, its open pull
 * requests and its pulse.
 *
 * @public
 */
export const squadOverviewPlugin = createBackendPlugin({
  pluginId: 'squad-overview',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        auth,
        discovery,
        scheduler,
        catalog,
        events,
        signals,
        notifications,
      }) {
        const settings = readSquadOverviewConfig(config);
        const store = await KnexPulseStore.create(database);
        const directory = new SquadDirectory(catalog, auth);
        const recorder = new PulseRecorder(store, signals, logger);
        const github = new GithubSquadSource({
          integrations: ScmIntegrations.fromConfig(config),
          host: settings.github.host,
        });
        if (!github.configured) {
          logger.info(
            `No GitHub credentials in integrations.github for ${settings.github.host}: open pull requests and builds are not shown`,
          );
        }
        if (
          config
            .getOptionalStringArray('events.http.topics')
            ?.includes('github') &&
          !config.has('events.modules.github.webhookSecret')
        ) {
          logger.warn(
            'events.modules.github.webhookSecret is not set: GitHub webhooks are accepted without a signature check',
          );
        }
        const apis = new PortalApis(discovery, auth);
        const service = new SquadOverviewService({
          directory,
          store,
          apis,
          github,
          logger,
          githubTtlMs: settings.github.refreshMinutes * 60_000,
        });

        await subscribeToEvents({
          events,
          recorder,
          directory,
          logger,
          spikes: new DeadLetterSpikes({
            store,
            recorder,
            directory,
            notifications,
            logger,
            settings: settings.deadLetterSpike,
          }),
        });

        await scheduler.scheduleTask({
          id: 'squad-overview-pulse-cleanup',
          frequency: { minutes: settings.cleanupFrequencyMinutes },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const now = Date.now();
            const removed = await store.cleanup({
              pulseBefore: now - settings.retentionDays * DAY_MS,
              deadLettersBefore:
                now - settings.deadLetterSpike.windowMinutes * 60_000,
            });
            logger.info(
              `Pulse cleanup: ${removed.pulse} entries older than ${settings.retentionDays} days removed`,
            );
          },
        });
        // Each replica keeps its own GitHub cache and known components.
        await scheduler.scheduleTask({
          id: 'squad-overview-github-refresh',
          scope: 'local',
          frequency: { minutes: settings.github.refreshMinutes },
          timeout: { minutes: 2 },
          fn: () => service.refreshGithub(),
        });
        await scheduler.scheduleTask({
          id: 'squad-overview-template-creations',
          scope: 'local',
          frequency: { minutes: settings.scaffolderPollMinutes },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 10 },
          fn: createTemplateCreationPoller({ directory, recorder, logger }),
        });

        const pagerDutyConfigured = PagerDutyOnCall.isConfigured(config);
        const onCall = new PagerDutyOnCall({
          apis,
          configured: pagerDutyConfigured,
          ttlMs: settings.onCallRefreshSeconds * 1000,
        });
        if (!pagerDutyConfigured) {
          logger.info(
            'No PagerDuty credentials (pagerDuty.apiToken, pagerDuty.oauth or pagerDuty.accounts): the On call card says how to configure them',
          );
        }

        const runtime = new KubernetesRuntime(
          discovery,
          auth,
          settings.kubernetes.timeoutSeconds,
        );
        const deployments = new DeploymentsService({
          directory,
          runtime,
          cacheSeconds: settings.kubernetes.cacheSeconds,
        });
        const podActivity = new PodActivity({
          runtime,
          directory,
          states: new KnexRuntimeStateStore(await database.getClient()),
          recorder,
          notifications,
          logger,
          settings: settings.kubernetes,
        });
        // Global scope: one replica compares, so a transition is seen once.
        await scheduler.scheduleTask({
          id: 'squad-overview-kubernetes-pods',
          frequency: { seconds: settings.kubernetes.pollSeconds },
          timeout: {
            seconds: Math.max(60, settings.kubernetes.timeoutSeconds * 6),
          },
          initialDelay: {
            seconds: Math.min(settings.kubernetes.pollSeconds, 15),
          },
          fn: () => podActivity.poll(),
        });

        httpRouter.use(
          await createRouter({ httpAuth, service, onCall, deployments }),
        );
      },
    });
  },
});
