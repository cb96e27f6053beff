import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import { GitOpsTarget } from '../config';
import { GrantSpec } from '../types';
import {
  GitOpsGranterBase,
  grantMessage,
  resourcePath,
  resourceYaml,
  revokeMessage,
} from './GitOpsGranter';

/** `https://github.com/owner/repo(.git)` → owner and repo, else undefined. */
function ownerAndRepo(url: URL): { owner: string; repo: string } | undefined {
  const [owner, repo] = url.pathname
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .split('/');
  return owner && repo ? { owner, repo } : undefined;
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

/**
 * GitOps mode on GitHub: the PostgreSQLUser resource is committed to (and
 * removed from) the configured branch through GitHub's contents API, with
 * octokit and the credentials of the `integrations.github` entry for the
 * repository's host (a token or a GitHub App installation). A commit that
 * loses a race with another replica (409: the file changed meanwhile) is
 * tried again on top of it.
 */
export class GithubGitOpsGranter extends GitOpsGranterBase {
  /** Whether the target repository is on a host with a GitHub integration. */
  static handles(
    target: GitOpsTarget,
    integrations: ScmIntegrationRegistry,
  ): boolean {
    let url: URL;
    try {
      url = new URL(target.repository);
    } catch {
      return false; // a path or an scp-like address: the git CLI's job
    }
    return (
      /^https?:$/.test(url.protocol) &&
      Boolean(integrations.github.byHost(url.host)) &&
      Boolean(ownerAndRepo(url))
    );
  }

  private readonly credentials: GithubCredentialsProvider;
  private readonly apiBaseUrl?: string;
  private readonly owner: string;
  private readonly repo: string;

  constructor(
    private readonly options: {
      environment: string;
      target: GitOpsTarget;
      integrations: ScmIntegrationRegistry;
      logger: LoggerService;
      credentials?: GithubCredentialsProvider;
    },
  ) {
    super();
    const url = new URL(options.target.repository);
    const parts = ownerAndRepo(url);
    const integration = options.integrations.github.byHost(url.host);
    if (!parts || !integration) {
      throw new Error(
        `${options.target.repository} is not a repository on a GitHub host of integrations.github`,
      );
    }
    this.apiBaseUrl = integration.config.apiBaseUrl;
    this.owner = parts.owner;
    this.repo = parts.repo;
    this.credentials =
      options.credentials ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  private async octokit(): Promise<Octokit> {
    const { repository } = this.options.target;
    const { token } = await this.credentials.getCredentials({
      url: repository,
    });
    if (!token) {
      throw new Error(
        `No GitHub credentials for ${repository} in integrations.github`,
      );
    }
    return new Octokit({
      auth: token,
      baseUrl: this.apiBaseUrl,
      request: { timeout: 15_000 },
    });
  }

  /** The file's blob sha on the branch, undefined when it is not there. */
  private async sha(octokit: Octokit, path: string) {
    try {
      const { data } = await octokit.repos.getContent({
        owner: this.owner,
        repo: this.repo,
        path,
        ref: this.options.target.branch,
      });
      return Array.isArray(data) ? undefined : data.sha;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  /** Runs one contents change, again on top of a concurrent one (409). */
  private async change(
    run: (octokit: Octokit) => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const octokit = await this.octokit();
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(octokit);
      } catch (error) {
        if (attempt < 5 && status(error) === 409) continue;
        throw error;
      }
    }
  }

  async grant(spec: GrantSpec): Promise<{ commit?: string }> {
    const { target } = this.options;
    const path = resourcePath(target, spec);
    const content = Buffer.from(resourceYaml(target, spec)).toString('base64');
    const commit = await this.change(async octokit => {
      const { data } = await octokit.repos.createOrUpdateFileContents({
        owner: this.owner,
        repo: this.repo,
        path,
        branch: target.branch,
        message: grantMessage(spec),
        content,
        sha: await this.sha(octokit, path),
      });
      return data.commit.sha;
    });
    return { commit };
  }

  async revoke(spec: GrantSpec): Promise<{ commit?: string }> {
    const { target } = this.options;
    const path = resourcePath(target, spec);
    const commit = await this.change(async octokit => {
      const sha = await this.sha(octokit, path);
      if (!sha) {
        return undefined; // already gone
      }
      try {
        const { data } = await octokit.repos.deleteFile({
          owner: this.owner,
          repo: this.repo,
          path,
          branch: target.branch,
          message: revokeMessage(spec),
          sha,
        });
        return data.commit.sha ?? undefined;
      } catch (error) {
        // Removed by another replica between the read and the delete.
        if (status(error) === 404) return undefined;
        throw error;
      }
    });
    return { commit };
  }

  async check(): Promise<string | null> {
    const { repository, branch } = this.options.target;
    try {
      const octokit = await this.octokit();
      await octokit.repos.getBranch({
        owner: this.owner,
        repo: this.repo,
        branch,
      });
      return null;
    } catch (error) {
      return `GitOps repository ${repository} (branch ${branch}) is not reachable on GitHub: ${
        (error as Error).message
      }`;
    }
  }
}
