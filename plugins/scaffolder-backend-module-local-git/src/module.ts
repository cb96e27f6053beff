import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { createAssertNameFreeAction } from './actions/assertNameFree';
import { createPublishLocalGitAction } from './actions/publishLocalGit';
import { createRegisterLocalGitAction } from './actions/registerLocalGit';
import { LocalGitEntityProvider } from './catalog/LocalGitEntityProvider';
import { localGitRepositoriesServiceRef } from './service/LocalGitRepositories';

/**
 * Scaffolder side: the actions, and the template global `lunarPublisher`
 * (`local-git` or `github`) that our templates branch on.
 */
export const scaffolderModuleLocalGit = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'local-git',
  register(reg) {
    reg.registerInit({
      deps: {
        actions: scaffolderActionsExtensionPoint,
        templating: scaffolderTemplatingExtensionPoint,
        catalog: catalogServiceRef,
        repositories: localGitRepositoriesServiceRef,
        logger: coreServices.logger,
      },
      async init({ actions, templating, catalog, repositories, logger }) {
        actions.addActions(
          createPublishLocalGitAction({ repositories }),
          createRegisterLocalGitAction({ repositories, catalog }),
          createAssertNameFreeAction({ catalog, repositories }),
        );
        templating.addTemplateGlobals({
          lunarPublisher: repositories.enabled ? 'local-git' : 'github',
        });
        logger.info(
          repositories.enabled
            ? `Templates publish to local git repositories in ${repositories.baseDir}`
            : 'Templates publish to GitHub (scaffolder.localGit.enabled is false)',
        );
      },
    });
  },
});

/** Catalog side: locations for the repositories published locally. */
export const catalogModuleLocalGit = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-git',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        repositories: localGitRepositoriesServiceRef,
        logger: coreServices.logger,
      },
      async init({ catalog, repositories, logger }) {
        if (!repositories.enabled) return;
        catalog.addEntityProvider(
          new LocalGitEntityProvider(repositories, logger),
        );
      },
    });
  },
});
