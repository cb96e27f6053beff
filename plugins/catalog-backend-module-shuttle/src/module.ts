import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import { CatalogGroupChecker } from './lib/groups';
import { readShuttleOptions } from './lib/options';
import { ShuttleProcessor } from './processor/ShuttleProcessor';
import { ShuttleDirectoryProvider } from './providers/ShuttleDirectoryProvider';
import { ShuttleGithubProvider } from './providers/ShuttleGithubProvider';

const DEFAULT_DIRECTORY_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 1 },
};
const DEFAULT_GITHUB_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
};

function readSchedule(
  config: Config,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      )
    : fallback;
}

/**
 * Reads shuttle.yaml into the catalog: a processor that enriches Components
 * from the shuttle.yaml beside their catalog-info.yaml, and providers that
 * make Components from repositories that only have a shuttle.yaml.
 * @public
 */
export const catalogModuleShuttle = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'shuttle',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        reader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        processing,
        config,
        logger,
        reader,
        scheduler,
        auth,
        catalog,
      }) {
        const options = readShuttleOptions(config, logger);
        const integrations = ScmIntegrations.fromConfig(config);
        const groups = options.checkGroups
          ? new CatalogGroupChecker(catalog, auth, logger)
          : undefined;

        processing.addProcessor(
          new ShuttleProcessor({
            reader,
            integrations,
            options,
            logger,
            groups,
          }),
        );

        // A wrong provider entry is logged and skipped: the catalog (and the
        // whole backend) must still start.
        const providers: EntityProvider[] = [];
        const entries = (key: string) => {
          try {
            return (
              config.getOptionalConfigArray(`shuttle.providers.${key}`) ?? []
            );
          } catch (e) {
            logger.error(
              `Ignoring shuttle.providers.${key}: ${(e as Error).message}`,
            );
            return [];
          }
        };
        for (const entry of entries('directory')) {
          try {
            const id = entry.getString('id');
            providers.push(
              new ShuttleDirectoryProvider({
                id,
                path: entry.getString('path'),
                options,
                logger: logger.child({ provider: `shuttle-directory:${id}` }),
                groups,
                taskRunner: scheduler.createScheduledTaskRunner(
                  readSchedule(entry, DEFAULT_DIRECTORY_SCHEDULE),
                ),
              }),
            );
          } catch (e) {
            logger.error(
              `Ignoring a shuttle.providers.directory entry: ${
                (e as Error).message
              }`,
            );
          }
        }
        for (const entry of entries('github')) {
          try {
            const id = entry.getString('id');
            providers.push(
              new ShuttleGithubProvider({
                id,
                organization: entry.getString('organization'),
                host: entry.getOptionalString('host'),
                branch: entry.getOptionalString('branch'),
                integrations,
                options,
                logger: logger.child({ provider: `shuttle-github:${id}` }),
                groups,
                taskRunner: scheduler.createScheduledTaskRunner(
                  readSchedule(entry, DEFAULT_GITHUB_SCHEDULE),
                ),
              }),
            );
          } catch (e) {
            logger.error(
              `Ignoring a shuttle.providers.github entry: ${
                (e as Error).message
              }`,
            );
          }
        }
        if (providers.length > 0) {
          processing.addEntityProvider(providers);
        }
      },
    });
  },
});
