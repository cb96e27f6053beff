import { LoggerService } from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { EnvironmentSettings } from '../config';
import { Granter } from '../types';
import { DirectGranter } from './DirectGranter';
import { GitOpsGranter } from './GitOpsGranter';
import { GithubGitOpsGranter } from './GithubGitOpsGranter';

/**
 * The granter of an environment: direct (its PostgreSQL server), or GitOps:
 * through GitHub's API when the repository is on a GitHub host of
 * `integrations.github`, else with the git CLI (a bare repository on this
 * machine, or any git URL the CLI can push to).
 */
export function createGranter(
  environment: EnvironmentSettings,
  integrations: ScmIntegrationRegistry,
  logger: LoggerService,
): Granter {
  if (environment.mode === 'direct') {
    return new DirectGranter({
      environment: environment.name,
      admin: environment.admin!,
      createMissingDatabases: environment.createMissingDatabases,
      logger,
    });
  }
  const target = environment.gitops!;
  if (GithubGitOpsGranter.handles(target, integrations)) {
    return new GithubGitOpsGranter({
      environment: environment.name,
      target,
      integrations,
      logger,
    });
  }
  return new GitOpsGranter({ environment: environment.name, target, logger });
}
