import { NotFoundError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  GithubIntegration,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import { CommitComparer, CompareResult } from '../types';

/**
 * GitHub's compare API through octokit, with the credentials of the
 * `integrations.github` entry for the host of `webBaseUrl` (a token or a
 * GitHub App installation) and that entry's `apiBaseUrl`.
 */
export class GithubCommitComparer implements CommitComparer {
  // Two shas always compare the same: remember a bounded number of answers.
  private readonly cache = new Map<string, CompareResult>();
  private static readonly CACHE_SIZE = 500;
  private readonly integration?: GithubIntegration;
  private readonly credentials: GithubCredentialsProvider;

  constructor(
    private readonly options: {
      integrations: ScmIntegrationRegistry;
      /** Where the repositories are, e.g. https://github.com. */
      webBaseUrl: string;
      maxCommits?: number;
      /** Default: Backstage's, from the integrations. */
      credentials?: GithubCredentialsProvider;
    },
  ) {
    this.integration = options.integrations.github.byHost(
      new URL(options.webBaseUrl).host,
    );
    this.credentials =
      options.credentials ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  /** Whether the host's integration has a token or a GitHub App. */
  get enabled(): boolean {
    const config = this.integration?.config;
    return Boolean(config?.token || config?.apps?.length);
  }

  get webBaseUrl(): string {
    return this.options.webBaseUrl;
  }

  async compare(options: {
    repository: string;
    base: string;
    head: string;
  }): Promise<CompareResult> {
    const { repository, base, head } = options;
    const key = `${repository}|${base}|${head}`;
    const cached = this.cache.get(key);
    if (cached) {
      return cached;
    }
    const [owner, repo] = repository.split('/');
    const result = await this.fetch(owner, repo, `${base}...${head}`);
    if (this.cache.size >= GithubCommitComparer.CACHE_SIZE) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, result);
    return result;
  }

  private async fetch(
    owner: string,
    repo: string,
    basehead: string,
  ): Promise<CompareResult> {
    const { token } = await this.credentials.getCredentials({
      url: `${this.options.webBaseUrl}/${owner}/${repo}`,
    });
    if (!token) {
      throw new Error(
        `No GitHub credentials for ${owner}/${repo} in integrations.github`,
      );
    }
    const octokit = new Octokit({
      auth: token,
      baseUrl: this.integration?.config.apiBaseUrl,
    });
    let data;
    try {
      ({ data } = await octokit.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead,
        request: { signal: AbortSignal.timeout(15_000) },
      }));
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        throw new NotFoundError(
          `GitHub cannot compare ${basehead} in ${owner}/${repo}`,
        );
      }
      throw error;
    }
    const maxCommits = this.options.maxCommits ?? 100;
    return {
      aheadBy: data.ahead_by ?? data.total_commits ?? data.commits.length,
      // GitHub lists oldest first; newest first reads better under a banner.
      commits: data.commits
        .slice(-maxCommits)
        .reverse()
        .map(c => ({
          sha: c.sha,
          message: (c.commit.message ?? '').split('\n')[0],
          author: c.commit.author?.name ?? c.author?.login,
          url: c.html_url,
        })),
      htmlUrl: data.html_url,
    };
  }
}
