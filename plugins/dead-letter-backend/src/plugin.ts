import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { deadLetterPermissions } from '@internal/backstage-plugin-dead-letter-common';
import { readDeadLetterConfig } from './config';
import { createRouter } from './router';
import { AmqpDeadLetterBroker } from './service/AmqpDeadLetterBroker';
import { DatabaseBulkJobStore } from './database/DatabaseBulkJobStore';
import { DatabaseDeadLetterStore } from './database/DatabaseDeadLetterStore';
import { DefaultDeadLetterService } from './service/DefaultDeadLetterService';
import { NewDeadLetterSignals } from './service/NewDeadLetterSignals';
import { DefaultServiceCatalog } from './service/ServiceCatalog';
import { DeadLetterBroker } from './types';

/**
 * Dead-letter backend: keeps the dead letters of each configured RabbitMQ
 * environment and serves them, with delete and redeliver.
 *
 * @public
 */
export const deadLetterPlugin = createBackendPlugin({
  pluginId: 'dead-letter',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        rootLifecycle: coreServices.rootLifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        signals: signalsServiceRef,
        events: eventsServiceRef,
      },
      async init({
        auditor,
        auth,
        catalog,
        config,
        database,
        httpAuth,
        httpRouter,
        lifecycle,
        rootLifecycle,
        logger,
        permissions,
        permissionsRegistry,
        scheduler,
        signals,
        events,
      }) {
        const settings = readDeadLetterConfig(config);
        permissionsRegistry.addPermissions(deadLetterPermissions);

        const store = await DatabaseDeadLetterStore.create({
          database,
          redeliveryMatchWindowMs:
            settings.ingestSessions.redeliveryMatchWindowMs,
        });
        // Global scope: one replica prunes per period (a configured schedule
        // cannot make it run on every replica).
        await scheduler.scheduleTask({
          id: 'dead-letter-prune-ingest-sessions',
          ...settings.ingestSessions.pruneSchedule,
          scope: 'global',
          fn: async () => {
            const { redeliveryMatchWindowMs } = settings.ingestSessions;
            const pruned = await store.pruneIngestSessions(
              new Date(Date.now() - 2 * redeliveryMatchWindowMs),
            );
            if (pruned > 0) {
              logger.info(`Pruned ${pruned} ended dead-letter ingest sessions`);
            }
          },
        });
        const newDeadLetters = new NewDeadLetterSignals({
          signals,
          events,
          logger,
        });
        // What ingest stores also tells open pages (the "N new" marker).
        const ingestStore = {
          insertBatch: async (
            batch: Parameters<typeof store.insertBatch>[0],
          ) => {
            const result = await store.insertBatch(batch);
            newDeadLetters.stored(result.services);
            return result;
          },
          markAcked: store.markAcked.bind(store),
        };
        const brokers = new Map<string, DeadLetterBroker>();
        for (const environment of settings.environments) {
          brokers.set(
            environment.name,
            new AmqpDeadLetterBroker({
              environment,
              store: ingestStore,
              logger,
              rules: settings,
              batchSize: settings.batchSize,
              batchMaxWaitMs: settings.batchMaxWaitMs,
              queueProbeCacheMs: settings.queueProbeCacheMs,
              // The Dead letter tab says when storing fails, and stops
              // saying so once it works again.
              onStatusChange: () =>
                newDeadLetters.ingestChanged(environment.name),
            }),
          );
        }
        if (brokers.size === 0) {
          logger.info(
            'Dead-letter ingest is off: no deadLetter.environments configured. Serving stored dead letters only.',
          );
        }
        // Consume once the backend is up; connecting retries in the background.
        lifecycle.addStartupHook(() => {
          for (const broker of brokers.values()) {
            broker.start();
          }
        });
        let stopping: Promise<void> | undefined;
        const stopIngest = () =>
          (stopping ??= (async () => {
            await Promise.all([...brokers.values()].map(b => b.stop()));
            await newDeadLetters.flush();
          })());
        // On SIGTERM, drain while the backend is still whole (readiness is
        // already false): the consumers stop, and what they took is stored,
        // acked and announced before the plugins' shutdown hooks run (the
        // events service refuses to publish from then on).
        rootLifecycle.addBeforeShutdownHook(stopIngest);
        lifecycle.addShutdownHook(stopIngest);

        const deadLetters = new DefaultDeadLetterService({
          config: settings,
          store,
          jobs: new DatabaseBulkJobStore(await database.getClient()),
          publishers: brokers,
          ingest: brokers,
          permissions,
          auditor,
          serviceCatalog: new DefaultServiceCatalog({
            catalog,
            auth,
            logger,
            ...settings.serviceCatalog,
          }),
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, deadLetters }));
      },
    });
  },
});
