import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { DeferredEntity } from '@backstage/plugin-catalog-node';
import { graphql } from '@octokit/graphql';
import { GroupChecker } from '../lib/groups';
import { ShuttleOptions } from '../lib/options';
import {
  GithubRepository,
  readOrgRepositories,
} from './github/orgRepositories';
import { isFile, parseShuttleBlob } from './github/shuttleBlob';
import { ShuttleProviderBase } from './ShuttleProviderBase';

/**
 * Discovers the repositories of a GitHub organisation that have a
 * shuttle.yaml and no catalog-info.yaml in their default branch, with one
 * GraphQL request per 100 repositories and the credentials of Backstage's
 * GitHub integration (a token or a GitHub App installation).
 * @public
 */
export class ShuttleGithubProvider extends ShuttleProviderBase {
  private readonly credentials: GithubCredentialsProvider;
  private readonly apiBaseUrl?: string;
  private readonly host: string;
  /** Each repository's entities from its last complete answer. */
  private lastRead = new Map<string, DeferredEntity[]>();

  /** Throws when no GitHub integration is configured for the host. */
  constructor(
    private readonly deps: {
      id: string;
      organization: string;
      host?: string;
      /** Branch to read; the repository's default branch when absent. */
      branch?: string;
      integrations: ScmIntegrationRegistry;
      options: ShuttleOptions;
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
      groups?: GroupChecker;
      /** Default: Backstage's, from the integrations. */
      credentials?: GithubCredentialsProvider;
    },
  ) {
    super(deps);
    this.host = deps.host ?? 'github.com';
    const integration = deps.integrations.github.byHost(this.host);
    if (!integration) {
      throw new Error(
        `No integrations.github entry for host ${this.host}; the shuttle GitHub provider ${deps.id} needs one`,
      );
    }
    this.apiBaseUrl = integration.config.apiBaseUrl;
    this.credentials =
      deps.credentials ??
      DefaultGithubCredentialsProvider.fromIntegrations(deps.integrations);
  }

  getProviderName(): string {
    return `shuttle-github:${this.deps.id}`;
  }

  /**
   * Lists the organisation and replaces this provider's entities. A failed
   * request aborts the run without a mutation, so a GitHub hiccup never
   * deletes entities; a repository GitHub could not answer for keeps its
   * entities of the last run; a bad shuttle.yaml only marks its own Component.
   */
  async refresh(): Promise<void> {
    this.assertConnected();
    const { organization: org, logger } = this.deps;
    const orgUrl = `https://${this.host}/${encodeURIComponent(org)}`;
    const { headers, token } = await this.credentials.getCredentials({
      url: orgUrl,
    });
    if (!token) {
      throw new Error(
        `No GitHub credentials for ${orgUrl} in integrations.github (a token or a GitHub App installation)`,
      );
    }
    const client = graphql.defaults({ baseUrl: this.apiBaseUrl, headers });

    const read = new Map<string, DeferredEntity[]>();
    let repositories = 0;
    let requests = 0;
    let unnamed = 0;
    for await (const page of readOrgRepositories({
      client,
      organization: org,
      ref: this.deps.branch,
    })) {
      requests++;
      for (const repo of page.repositories) {
        if (!repo.isArchived) {
          repositories++;
          read.set(repo.name, await this.entitiesOfRepo(repo));
        }
      }
      for (const [name, why] of page.failed) {
        logger.warn(
          `${this.getProviderName()}: GitHub could not answer for ${name}, keeping its previous entities: ${why}`,
        );
        read.set(name, this.lastRead.get(name) ?? []);
      }
      for (const why of page.unnamed) {
        logger.warn(
          `${this.getProviderName()}: GitHub could not answer for a repository: ${why}`,
        );
        unnamed++;
      }
    }
    // A repository GitHub did not name may be any one we had before.
    if (unnamed > 0) {
      for (const [name, entities] of this.lastRead) {
        if (!read.has(name)) {
          read.set(name, entities);
        }
      }
    }

    const entities = [...read.values()].flat();
    await this.replaceEntities(entities);
    this.lastRead = read;
    logger.info(
      `${this.getProviderName()}: ${
        entities.length
      } entities from ${repositories} repositories of ${org} in ${requests} GitHub requests`,
    );
  }

  private async entitiesOfRepo(
    repo: GithubRepository,
  ): Promise<DeferredEntity[]> {
    if (
      !isFile(repo.shuttle) ||
      isFile(repo.catalogInfo) ||
      isFile(repo.catalogInfoYml)
    ) {
      return [];
    }
    const branch = this.deps.branch ?? repo.defaultBranchRef?.name ?? 'main';
    const blobUrl = `${repo.url}/blob/${branch}/shuttle.yaml`;
    return this.entitiesOf({
      name: repo.name,
      parsed: parseShuttleBlob(repo.shuttle, this.deps.options.maxFileBytes),
      fileRef: blobUrl,
      locationRef: `url:${blobUrl}`,
      sourceLocation: `url:${repo.url}/tree/${branch}/`,
      annotations: { 'github.com/project-slug': repo.nameWithOwner },
    });
  }
}
