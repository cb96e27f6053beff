/**
 * Publishes scaffolded repositories to git repositories on this machine and
 * registers them in the catalog.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { catalogModuleLocalGit, scaffolderModuleLocalGit } from './module';

export { catalogModuleLocalGit, scaffolderModuleLocalGit } from './module';
export {
  localGitRepositoriesServiceRef,
  type LocalGitRepositories,
  type LocalGitRepository,
} from './service/LocalGitRepositories';

/** Both halves: the scaffolder actions and the catalog provider. */
export default createBackendFeatureLoader({
  loader() {
    return [scaffolderModuleLocalGit, catalogModuleLocalGit];
  },
});
