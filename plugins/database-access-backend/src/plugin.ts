import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { databaseAccessPermissions } from '@internal/backstage-plugin-database-access-common';
import { readDatabaseAccessConfig } from './config';
import { DatabaseAccessStore } from './database/DatabaseAccessStore';
import { createGranter } from './granter';
import { createRouter } from './router';
import { AuditTrail } from './service/AuditTrail';
import { DatabaseCatalog } from './service/DatabaseCatalog';
import { DefaultDatabaseAccessService } from './service/DefaultDatabaseAccessService';
import { GrantLifecycle } from './service/GrantLifecycle';
import { Notifier } from './service/Notifier';
import { Granter } from './types';

/**
 * Database-access backend: requests, approval by the owning squad,
 * time-boxed PostgreSQL roles (or PostgreSQLUser commits), revoke on time,
 * audit and notifications.
 *
 * @public
 */
export const databaseAccessPlugin = createBackendPlugin({
  pluginId: 'database-access',
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
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
      },
      async init(deps) {
        const { logger, scheduler } = deps;
        const settings = readDatabaseAccessConfig(deps.config);
        deps.permissionsRegistry.addPermissions(databaseAccessPermissions);

        const store = await DatabaseAccessStore.create({
          database: deps.database,
        });
        const integrations = ScmIntegrations.fromConfig(deps.config);
        const granters = new Map<string, Granter>();
        for (const environment of settings.environments) {
          granters.set(
            environment.name,
            createGranter(environment, integrations, logger),
          );
        }
        if (granters.size === 0) {
          logger.info(
            'Database access: no databaseAccess.environments configured; requests cannot be made.',
          );
        }
        deps.lifecycle.addShutdownHook(async () => {
          await Promise.all([...granters.values()].map(g => g.close()));
        });

        const audit = new AuditTrail({ store, auditor: deps.auditor, logger });
        const notifier = new Notifier({
          notifications: deps.notifications,
          logger,
        });
        const lifecycle = new GrantLifecycle({
          settings,
          store,
          granters,
          audit,
          notifier,
          logger,
        });

        // Global scope: one replica at a time; the row claims make a
        // replica that dies mid-run harmless.
        await scheduler.scheduleTask({
          id: 'database-access-revoke-expired',
          frequency: { seconds: settings.revokeIntervalSeconds },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 5 },
          fn: async () => {
            await lifecycle.revokeDue();
            await lifecycle.expireOverdue();
          },
        });
        await scheduler.scheduleTask({
          id: 'database-access-reconcile-roles',
          frequency: { minutes: 5 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            await lifecycle.reconcile();
          },
        });

        const service = new DefaultDatabaseAccessService({
          settings,
          store,
          lifecycle,
          catalog: new DatabaseCatalog({
            catalog: deps.catalog,
            auth: deps.auth,
          }),
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          audit,
          notifier,
          logger,
        });
        deps.httpRouter.use(
          await createRouter({ httpAuth: deps.httpAuth, service }),
        );
      },
    });
  },
});
