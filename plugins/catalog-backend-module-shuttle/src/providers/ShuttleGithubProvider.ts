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
import {
  readShuttleYaml,
  ShuttleParseResult,
  tooLarge,
} from '../lib/parseShuttleYaml';
import { chunksOf } from '../lib/readCapped';
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
  html_url?: string;
};

/** A GET on the REST API; undefined for 404, throws for other failures. */
type GithubApi = (
  apiPath: string,
  accept?: string,
) => Promise<Response | undefined>;

/** Lets go of a body we do not read, so the connection is freed. */
function discard(response: Response) {
  response.body?.cancel().catch(() => {});
}

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
   * GitHub failure other than "not found" aborts the run without a mutation,
   * so a GitHub hiccup never deletes entities; a bad shuttle.yaml only marks
   * its own Component.
   */
  async refresh(): Promise<void> {
    this.assertConnected();
    const org = this.deps.organization;
    const { headers } = await this.credentials.getCredentials({
      url: `https://${this.host}/${encodeURIComponent(org)}`,
    });
    const api: GithubApi = async (apiPath, accept) => {
      const response = await fetch(`${this.apiBaseUrl}${apiPath}`, {
        headers: {
          Accept: accept ?? 'application/vnd.github+json',
          'X-GitHub-Api-Version': '2022-11-28',
          ...headers,
        },
      });
      if (response.status === 404) {
        discard(response);
        return undefined;
      }
      if (!response.ok) {
        discard(response);
        throw new GithubRequestError(
          `GET ${apiPath} answered ${response.status} ${response.statusText}`,
          response.status,
        );
      }
      return response;
    };
    const get = async <T>(apiPath: string) =>
      (await (await api(apiPath))?.json()) as T | undefined;

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
        results[index] = await this.readRepo(live[index], api);
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
    api: GithubApi,
  ): Promise<DeferredEntity[]> {
    const branch = this.deps.branch ?? repo.default_branch ?? 'main';
    const repoPath = `/repos/${repo.full_name
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
    const ref = `?ref=${encodeURIComponent(branch)}`;
    // One request tells whether there is a catalog-info.yaml and a
    // shuttle.yaml, and how large that is; empty repositories answer 404.
    const root = (await (await api(`${repoPath}/contents${ref}`))?.json()) as
      | GithubContentItem[]
      | undefined;
    if (!Array.isArray(root)) {
      return [];
    }
    const files = root.filter(i => i.type === 'file');
    const item = files.find(i => i.name === 'shuttle.yaml');
    if (!item || files.some(i => CATALOG_FILES.includes(i.name))) {
      return [];
    }
    const { maxFileBytes } = this.deps.options;
    let parsed: ShuttleParseResult;
    if (item.size > maxFileBytes) {
      parsed = tooLarge(item.size, maxFileBytes);
    } else {
      // The raw file, counted while it arrives: the listing may be older
      // than a push that made it huge.
      const response = await api(
        `${repoPath}/contents/shuttle.yaml${ref}`,
        'application/vnd.github.raw+json',
      );
      if (!response?.body) {
        return [];
      }
      try {
        parsed = await readShuttleYaml(chunksOf(response.body), {
          maxFileBytes,
        });
      } catch (e) {
        throw new GithubRequestError(
          `reading ${repo.full_name}/shuttle.yaml failed: ${
            (e as Error).message
          }`,
          0,
        );
      }
    }
    const blobUrl =
      item.html_url ?? `${repo.html_url}/blob/${branch}/shuttle.yaml`;
    return this.entitiesOf({
      name: repo.name,
      parsed,
      fileRef: blobUrl,
      locationRef: `url:${blobUrl}`,
      sourceLocation: `url:${repo.html_url}/tree/${branch}/`,
      annotations: { 'github.com/project-slug': repo.full_name },
    });
  }
}
