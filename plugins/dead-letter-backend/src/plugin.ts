import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { deadLetterPermissions } from '@internal/backstage-plugin-dead-letter-common';
import { readDeadLetterConfig } from './config';
import { createRouter } from './router';
import { AmqpDeadLetterBroker } from './service/AmqpDeadLetterBroker';
import { DatabaseDeadLetterStore } from './database/DatabaseDeadLetterStore';
import { DefaultDeadLetterService } from './service/DefaultDeadLetterService';
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
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
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
        logger,
        permissions,
        permissionsRegistry,
      }) {
        const settings = readDeadLetterConfig(config);
        permissionsRegistry.addPermissions(deadLetterPermissions);

        const store = await DatabaseDeadLetterStore.create({ database });
        const brokers = new Map<string, DeadLetterBroker>();
        for (const environment of settings.environments) {
          brokers.set(
            environment.name,
            new AmqpDeadLetterBroker({
              environment,
              store,
              logger,
              rules: settings,
              batchSize: settings.batchSize,
              batchMaxWaitMs: settings.batchMaxWaitMs,
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
        lifecycle.addShutdownHook(async () => {
          await Promise.all([...brokers.values()].map(b => b.stop()));
        });

        const deadLetters = new DefaultDeadLetterService({
          config: settings,
          store,
          publishers: brokers,
          ingest: brokers,
          permissions,
          auditor,
          serviceCatalog: new DefaultServiceCatalog({ catalog, auth, logger }),
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, deadLetters }));
      },
    });
  },
});
