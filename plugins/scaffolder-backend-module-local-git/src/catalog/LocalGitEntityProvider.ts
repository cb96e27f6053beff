import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
  locationSpecToLocationEntity,
} from '@backstage/plugin-catalog-node';
import {
  LocalGitRepositories,
  LocalGitRepository,
} from '../service/LocalGitRepositories';

function toDeferredEntity(repo: LocalGitRepository, providerName: string) {
  const location = { type: 'file', target: repo.catalogInfoPath };
  return {
    entity: locationSpecToLocationEntity({ location }),
    locationKey: `${providerName}:${repo.catalogInfoPath}`,
  };
}

/**
 * Makes a `file` Location for the checkout of every repository that
 * `publish:local-git` created: all of them at start-up, a new one as soon as
 * `catalog:register-local-git` runs.
 */
export class LocalGitEntityProvider implements EntityProvider {
  #connection?: EntityProviderConnection;

  constructor(
    private readonly repositories: LocalGitRepositories,
    private readonly logger: LoggerService,
  ) {
    repositories.onRegister(repo => this.add(repo));
  }

  getProviderName() {
    return 'local-git';
  }

  async connect(connection: EntityProviderConnection) {
    this.#connection = connection;
    const repos = await this.repositories.list();
    await connection.applyMutation({
      type: 'full',
      entities: repos.map(r => toDeferredEntity(r, this.getProviderName())),
    });
    this.logger.info(
      `Providing ${repos.length} local git repositories from ${this.repositories.baseDir}`,
    );
  }

  private async add(repo: LocalGitRepository) {
    if (!this.#connection) {
      throw new Error(
        'The catalog has not connected the local-git provider yet',
      );
    }
    await this.#connection.applyMutation({
      type: 'delta',
      added: [toDeferredEntity(repo, this.getProviderName())],
      removed: [],
    });
  }
}
