import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { readReleaseStatusConfig } from './config';
import { KnexReleaseManagerContactStore } from './database/KnexReleaseManagerContactStore';
import { KnexReleaseStore, ReleaseChange } from './database/KnexReleaseStore';
import { KnexSecuritySnapshotStore } from './database/KnexSecuritySnapshotStore';
import { GithubCommitComparer } from './github/GithubCommitComparer';
import { createRouter } from './router';
import { RELEASED_TOPIC } from '@internal/backstage-plugin-release-status-common';
import { publishReleased } from './service/releasedEvent';
import { CatalogServiceCatalog } from './service/catalog';
import { createReleaseManagerHealthSource } from './service/releaseManagerHealth';
import { DefaultReleaseStatusService } from './service/ReleaseStatusService';
import { clockServiceRef } from './service/clock';
import { SquadSecurityService } from './service/SquadSecurityService';
import { AmqpEventConsumer } from './sources/AmqpEventConsumer';
import { backfillFromReleaseManager } from './sources/backfill';
import { createReleaseEventHandler } from './sources/releaseEvents';
import { ReleaseManagerClient } from './sources/ReleaseManagerClient';

/**
 * Release status: what each service runs in each environment, and drift.
 *
 * @public
 */
export const releaseStatusPlugin = createBackendPlugin({
  pluginId: 'release-status',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        clock: clockServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        auditor,
        auth,
        scheduler,
        lifecycle,
        catalog,
        events,
        clock,
      }) {
        const settings = readReleaseStatusConfig(config);
        const now = () => clock.now();
        const serviceCatalog = new CatalogServiceCatalog(catalog, auth);
        // Today's security figure follows what runs; its service needs the
        // store (which migrates the database), so it listens once both exist.
        const afterChange: {
          listener?: (change: ReleaseChange) => Promise<void>;
        } = {};
        const store = await KnexReleaseStore.create({
          database,
          dedupeWindowMs: settings.dedupeWindowMs,
          maxClockSkewMs: settings.maxClockSkewMs,
          now,
          // Others (the squad overview's pulse) learn of releases here.
          onCreated: release =>
            publishReleased(events, release).catch(error =>
              logger.warn(`Could not publish ${RELEASED_TOPIC}: ${error}`),
            ),
          onChanged: async change => afterChange.listener?.(change),
        });
        // In the database, so every replica tells the same (migrated above).
        const knex = await database.getClient();
        const contacts = new KnexReleaseManagerContactStore(knex);
        const security = new SquadSecurityService({
          store,
          snapshots: new KnexSecuritySnapshotStore(knex, now),
          catalog: serviceCatalog,
          environments: settings.environments,
          defaultEnvironment: settings.security.environment,
          retentionDays: settings.security.retentionDays,
          logger,
          now,
        });
        afterChange.listener = ({ service: name, environment, releasedAt }) =>
          security
            .refresh(name, environment, releasedAt)
            .catch(error =>
              logger.warn(
                `Could not update the security figure of ${name} in ${environment}: ${error}`,
              ),
            );
        await scheduler.scheduleTask({
          id: 'release-status-security-daily',
          ...settings.security.schedule,
          fn: async () => {
            const result = await security.snapshotAll();
            logger.info(
              `Security figures carried into today for ${result.snapshots} services and environments; ${result.deleted} past the retention dropped`,
            );
          },
        });
        const comparer = new GithubCommitComparer({
          integrations: ScmIntegrations.fromConfig(config),
          webBaseUrl: settings.github.webBaseUrl,
        });
        for (const key of ['token', 'apiBaseUrl']) {
          if (config.has(`releaseStatus.github.${key}`)) {
            logger.warn(
              `releaseStatus.github.${key} is no longer read: GitHub credentials and API URL come from integrations.github`,
            );
          }
        }
        if (!comparer.enabled) {
          logger.info(
            `No GitHub credentials (a token or a GitHub App) in integrations.github for ${settings.github.webBaseUrl}: drift shows shas and ages, not commits`,
          );
        }

        const service = new DefaultReleaseStatusService({
          store,
          catalog: serviceCatalog,
          comparer,
          environments: settings.environments,
          logger,
          releaseManager: createReleaseManagerHealthSource({
            contacts,
            schedule: settings.releaseManager?.schedule,
          }),
          now,
        });

        if (settings.amqp) {
          const consumer = new AmqpEventConsumer({
            ...settings.amqp,
            logger,
            handle: createReleaseEventHandler({
              store,
              environments: settings.environments,
              logger,
            }),
          });
          // Connects in the background; a broker that is down is retried.
          consumer.start();
          lifecycle.addShutdownHook(() => consumer.stop());
        } else {
          logger.info(
            'releaseStatus.amqp is not configured: release manager events are off',
          );
        }

        const rm = settings.releaseManager;
        if (rm) {
          const api = new ReleaseManagerClient({
            ...rm,
            environments: settings.environments,
          });
          await scheduler.scheduleTask({
            id: 'release-status-backfill',
            ...rm.schedule,
            fn: async () => {
              const services = await serviceCatalog.listServiceNames();
              const result = await backfillFromReleaseManager({
                api,
                store,
                services,
                environments: settings.environments,
                historyCount: rm.historyCount,
                logger,
                contacts,
              });
              logger.info(
                `Release manager backfill: ${result.services}/${services.length} services read, ${result.recorded} releases recorded, ${result.refused} refused`,
              );
            },
          });
        } else {
          logger.info(
            'releaseStatus.releaseManager is not configured: no backfill',
          );
        }

        // CI systems record releases with a static token of
        // backend.auth.externalAccess; the default auth policy applies.
        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            service,
            security: security,
          }),
        );
      },
    });
  },
});
