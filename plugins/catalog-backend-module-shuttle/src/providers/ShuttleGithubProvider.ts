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
import { GroupChecker } from '../lib/groups';
import { ShuttleOptions } from '../lib/options';
import { parseShuttleYaml, tooLarge } from '../lib/parseShuttleYaml';
import { componentFromShuttle } from './componentFromShuttle';
import { ShuttleProviderBase } from './ShuttleProviderBase';

const CATALOG_FILES = ['catalog-info.yaml', 'catalog-info.yml'];
const PAGE_SIZE = 100;
const CONCURRENCY = 8;

type GithubRepo = {
  name: string;
  full_name: string;
  html_url: string;
  default_branch: string;
  archived?: boolean;
};

type GithubContentItem = {
  name: string;
  path: string;
  type: string;
  size: number;
};

type GithubFile = GithubContentItem & {
  encoding?: string;
  content?: string;
  html_url?: string;
};

class GithubRequestError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/**
 * Discovers the repositories of a GitHub organisation that have a
 * shuttle.yaml and no catalog-info.yaml in their default branch, through
 * Backstage's GitHub integration config (token or app).
 * @public
 */
export class ShuttleGithubProvider extends ShuttleProviderBase {
  private readonly credentials: GithubCredentialsProvider;
  private readonly apiBaseUrl: string;
  private readonly host: string;

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
    this.apiBaseUrl = (
      integration.config.apiBaseUrl ?? 'https://api.github.com'
    ).replace(/\/+$/, '');
    this.credentials = DefaultGithubCredentialsProvider.fromIntegrations(
      deps.integrations,
    );
  }

  getProviderName(): string {
    return `shuttle-github:${this.deps.id}`;
  }

  /**
   * Lists the organisation once and replaces this provider's entities. Any
   * failure other than "not found" aborts the run without a mutation, so a
   * GitHub hiccup never deletes entities.
   */
  async refresh(): Promise<void> {
    this.assertConnected();
    const org = this.deps.organization;
    const { headers } = await this.credentials.getCredentials({
      url: `https://${this.host}/${encodeURIComponent(org)}`,
    });
    const get = async <T>(apiPath: string): Promise<T | undefined> => {
      const response = await fetch(`${this.apiBaseUrl}${apiPath}`, {
        headers: {
          Accept: 'application/vnd.github+json',
          'X-GitHub-Api-Version': '2022-11-28',
          ...headers,
        },
      });
      if (response.status === 404) {
        return undefined;
      }
      if (!response.ok) {
        throw new GithubRequestError(
          `GET ${apiPath} answered ${response.status} ${response.statusText}`,
          response.status,
        );
      }
      return (await response.json()) as T;
    };

    const repos: GithubRepo[] = [];
    for (let page = 1; ; page++) {
      const batch = await get<GithubRepo[]>(
        `/orgs/${encodeURIComponent(
          org,
        )}/repos?type=all&per_page=${PAGE_SIZE}&page=${page}`,
      );
      if (!batch) {
        throw new GithubRequestError(`organisation ${org} not found`, 404);
      }
      repos.push(...batch);
      if (batch.length < PAGE_SIZE) {
        break;
      }
    }

    const live = repos.filter(r => !r.archived);
    const results: DeferredEntity[][] = new Array(live.length);
    let next = 0;
    const worker = async () => {
      while (next < live.length) {
        const index = next++;
        results[index] = await this.readRepo(live[index], get);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, live.length) }, worker),
    );
    const entities = results.flat();
    await this.replaceEntities(entities);
    this.deps.logger.info(
      `${this.getProviderName()}: ${entities.length} entities from ${
        live.length
      } repositories of ${org}`,
    );
  }

  private async readRepo(
    repo: GithubRepo,
    get: <T>(apiPath: string) => Promise<T | undefined>,
  ): Promise<DeferredEntity[]> {
    const branch = this.deps.branch ?? repo.default_branch ?? 'main';
    const repoPath = `/repos/${repo.full_name
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
    const ref = `?ref=${encodeURIComponent(branch)}`;
    // One request tells both whether there is a catalog-info.yaml and a
    // shuttle.yaml; empty repositories answer 404.
    const root = await get<GithubContentItem[]>(`${repoPath}/contents${ref}`);
    if (!Array.isArray(root)) {
      return [];
    }
    const names = new Set(root.filter(i => i.type === 'file').map(i => i.name));
    if (CATALOG_FILES.some(n => names.has(n)) || !names.has('shuttle.yaml')) {
      return [];
    }
    const file = await get<GithubFile>(
      `${repoPath}/contents/shuttle.yaml${ref}`,
    );
    if (!file) {
      return [];
    }
    const { maxFileBytes } = this.deps.options;
    const parsed =
      file.size > maxFileBytes || file.encoding !== 'base64' || !file.content
        ? tooLarge(file.size, maxFileBytes)
        : parseShuttleYaml(Buffer.from(file.content, 'base64'), {
            maxFileBytes,
          });
    const blobUrl =
      file.html_url ?? `${repo.html_url}/blob/${branch}/shuttle.yaml`;
    return componentFromShuttle(
      {
        name: repo.name,
        parsed,
        fileRef: blobUrl,
        locationRef: `url:${blobUrl}`,
        sourceLocation: `url:${repo.html_url}/tree/${branch}/`,
        annotations: { 'github.com/project-slug': repo.full_name },
      },
      this.getProviderName(),
      this.deps.options,
      this.deps.groups,
    );
  }
}
