import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  GithubIntegration,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  BuildStatus,
  LastBuild,
  PullRequest,
} from '@internal/backstage-plugin-squad-overview-common';
import { Octokit } from '@octokit/rest';

/** What GitHub knows about a squad's repositories, from one request. */
export interface SquadGithubData {
  pullRequests: PullRequest[];
  /** Last default-branch build per repository (owner/name, lower case). */
  builds: Record<string, LastBuild>;
}

const SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
// GitHub refuses search queries longer than 256 characters.
const MAX_SEARCH = 256;

/** The search queries for the repositories, each within GitHub's limit. */
export function searchQueries(repositories: string[]): string[] {
  const queries: string[] = [];
  let current = 'is:pr is:open';
  let count = 0;
  for (const repo of repositories) {
    const next = `${current} repo:${repo}`;
    if (next.length > MAX_SEARCH && count > 0) {
      queries.push(current);
      current = `is:pr is:open repo:${repo}`;
      count = 1;
    } else {
      current = next;
      count++;
    }
  }
  if (count > 0) {
    queries.push(current);
  }
  return queries;
}

function buildQuery(repositories: string[]): string {
  const searches = searchQueries(repositories).map(
    (q, i) => `s${i}: search(query: ${JSON.stringify(
      q,
    )}, type: ISSUE, first: 100) {
    nodes { ... on PullRequest { id number title url updatedAt author { login } repository { nameWithOwner } } }
  }`,
  );
  const repos = repositories.map((slug, i) => {
    const [owner, name] = slug.split('/');
    return `r${i}: repository(owner: ${JSON.stringify(
      owner,
    )}, name: ${JSON.stringify(name)}) {
    nameWithOwner
    defaultBranchRef { target { ... on Commit { oid url committedDate statusCheckRollup { state } } } }
  }`;
  });
  return `query SquadOverview {\n  ${[...searches, ...repos].join('\n  ')}\n}`;
}

const ROLLUP: Record<string, BuildStatus> = {
  SUCCESS: 'success',
  FAILURE: 'failure',
  ERROR: 'failure',
  PENDING: 'running',
  EXPECTED: 'running',
};

/**
 * A squad's open pull requests and last default-branch builds through
 * GitHub's GraphQL API: one request per squad (a search per 256 characters
 * of `repo:` qualifiers plus one `repository` field per repository), with
 * the credentials of `integrations.github` (a token or a GitHub App).
 */
export class GithubSquadSource {
  private readonly integration?: GithubIntegration;
  private readonly credentials: GithubCredentialsProvider;

  constructor(
    private readonly options: {
      integrations: ScmIntegrationRegistry;
      host: string;
      credentials?: GithubCredentialsProvider;
    },
  ) {
    this.integration = options.integrations.github.byHost(options.host);
    this.credentials =
      options.credentials ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  /** Whether the host's integration has a token or a GitHub App. */
  get configured(): boolean {
    const config = this.integration?.config;
    return Boolean(config?.token || config?.apps?.length);
  }

  get howToConfigure(): string {
    return `Add a token or a GitHub App for ${this.options.host} under integrations.github in app-config (for example integrations.github[].token: \${GITHUB_TOKEN}).`;
  }

  async fetch(repositories: string[]): Promise<SquadGithubData> {
    const repos = [...new Set(repositories.filter(r => SLUG.test(r)))].sort();
    if (repos.length === 0) {
      return { pullRequests: [], builds: {} };
    }
    const [owner] = repos[0].split('/');
    const { token } = await this.credentials.getCredentials({
      url: `https://${this.options.host}/${owner}`,
    });
    if (!token) {
      throw new Error(
        `No GitHub credentials for ${this.options.host}/${owner} in integrations.github`,
      );
    }
    const octokit = new Octokit({
      auth: token,
      baseUrl: this.integration?.config.apiBaseUrl,
    });
    const data: Record<string, any> = await octokit.graphql(buildQuery(repos), {
      request: { signal: AbortSignal.timeout(15_000) },
    });
    const pullRequests = new Map<string, PullRequest>();
    const builds: Record<string, LastBuild> = {};
    for (const [key, value] of Object.entries(data ?? {})) {
      if (key.startsWith('s')) {
        for (const pr of value?.nodes ?? []) {
          if (!pr?.id) continue;
          pullRequests.set(pr.id, {
            id: pr.id,
            number: pr.number,
            title: pr.title,
            repository: pr.repository?.nameWithOwner ?? '',
            author: pr.author?.login ?? 'ghost',
            updatedAt: pr.updatedAt,
            url: pr.url,
          });
        }
      } else if (value?.defaultBranchRef?.target?.oid) {
        const commit = value.defaultBranchRef.target;
        builds[String(value.nameWithOwner).toLowerCase()] = {
          status: ROLLUP[commit.statusCheckRollup?.state] ?? 'unknown',
          at: commit.committedDate,
          url: commit.url,
        };
      }
    }
    return {
      pullRequests: [...pullRequests.values()].sort((a, b) =>
        b.updatedAt.localeCompare(a.updatedAt),
      ),
      builds,
    };
  }
}
