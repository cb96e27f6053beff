import { NotFoundError, ResponseError } from '@backstage/errors';
import { CommitComparer, CompareResult } from '../types';

/** GitHub's compare API (`GET /repos/{owner}/{repo}/compare/{base}...{head}`). */
export class GithubCommitComparer implements CommitComparer {
  // Two shas always compare the same: remember a bounded number of answers.
  private readonly cache = new Map<string, CompareResult>();
  private static readonly CACHE_SIZE = 500;

  constructor(
    private readonly options: {
      token?: string;
      apiBaseUrl: string;
      webBaseUrl: string;
      maxCommits?: number;
    },
  ) {}

  get enabled(): boolean {
    return Boolean(this.options.token);
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
    const url = `${this.options.apiBaseUrl}/repos/${encodeURIComponent(
      owner,
    )}/${encodeURIComponent(repo)}/compare/${encodeURIComponent(
      base,
    )}...${encodeURIComponent(head)}`;
    const response = await fetch(url, {
      headers: {
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        Authorization: `Bearer ${this.options.token}`,
      },
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status === 404) {
      throw new NotFoundError(
        `GitHub cannot compare ${base}...${head} in ${repository}`,
      );
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = await response.json();
    const commits: any[] = Array.isArray(body.commits) ? body.commits : [];
    const maxCommits = this.options.maxCommits ?? 100;
    const result: CompareResult = {
      aheadBy: Number(body.ahead_by ?? body.total_commits ?? commits.length),
      // GitHub lists oldest first; newest first reads better under a banner.
      commits: commits
        .slice(-maxCommits)
        .reverse()
        .map(c => ({
          sha: String(c.sha),
          message: String(c.commit?.message ?? '').split('\n')[0],
          author: c.commit?.author?.name ?? c.author?.login,
          url: c.html_url,
        })),
      htmlUrl: body.html_url,
    };
    if (this.cache.size >= GithubCommitComparer.CACHE_SIZE) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, result);
    return result;
  }
}
