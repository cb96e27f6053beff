import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { DeadLetterCollatorFactory } from './DeadLetterCollatorFactory';

/**
 * Indexes the newest stored dead letters in the portal's search (type
 * `dead-letter`): `search.collators.deadLetter.schedule` (default every
 * 10 minutes) and `.maxDocuments` (default 10,000).
 *
 * @public
 */
export const deadLetterSearchCollatorModule = createBackendModule({
  pluginId: 'search',
  moduleId: 'dead-letter-collator',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        auth,
        config,
        discovery,
        logger,
        scheduler,
        indexRegistry,
      }) {
        const settings = config.getOptionalConfig(
          'search.collators.deadLetter',
        );
        const schedule = settings?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              settings.getConfig('schedule'),
            )
          : {
              frequency: { minutes: 10 },
              timeout: { minutes: 15 },
              initialDelay: { seconds: 30 },
            };
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: new DeadLetterCollatorFactory({
            auth,
            discovery,
            logger,
            maxDocuments: settings?.getOptionalNumber('maxDocuments') ?? 10_000,
          }),
        });
      },
    });
  },
});
