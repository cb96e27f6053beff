import { LoggerService } from '@backstage/backend-plugin-api';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { GitOpsTarget } from '../config';
import { Granter, GrantSpec } from '../types';

const execFileAsync = promisify(execFile);

/** The PostgreSQLUser resource of lunarway/postgresql-controller for one grant. */
export function postgresqlUser(spec: GrantSpec, host: string) {
  const access = [
    {
      host: { value: host },
      database: { value: spec.databaseName },
      reason: `${spec.reason} (portal request ${spec.requestId} by ${spec.requester})`,
      start: spec.validFrom.toISOString(),
      stop: spec.validUntil.toISOString(),
    },
  ];
  return {
    apiVersion: 'postgresql.lunar.tech/v1alpha1',
    kind: 'PostgreSQLUser',
    metadata: {
      name: spec.roleName.replace(/_/g, '-'),
      annotations: {
        'lunar.app/database-access-request': spec.requestId,
        'lunar.app/requested-by': spec.requester,
      },
    },
    spec: {
      name: spec.roleName,
      read: spec.level === 'read' ? access : [],
      write: spec.level === 'write' ? access : [],
    },
  };
}

/** Where a grant's resource lives in the repository. */
export function resourcePath(target: GitOpsTarget, spec: GrantSpec): string {
  return path.posix.join(target.directory, `${spec.roleName}.yaml`);
}

export function resourceYaml(target: GitOpsTarget, spec: GrantSpec): string {
  return stringify(postgresqlUser(spec, target.host));
}

export function grantMessage(spec: GrantSpec): string {
  return `Grant ${spec.level} on ${spec.databaseName} to ${
    spec.requester
  } until ${spec.validUntil.toISOString()}\n\n${
    spec.reason
  }\n\nPortal request ${spec.requestId}`;
}

export function revokeMessage(spec: GrantSpec): string {
  return `Revoke ${spec.level} on ${spec.databaseName} from ${spec.requester}\n\nPortal request ${spec.requestId}`;
}

/**
 * What every GitOps granter shares: postgresql-controller makes the role, so
 * there is no password to set and no role on a server to list or drop.
 */
export abstract class GitOpsGranterBase implements Granter {
  readonly mode = 'gitops' as const;

  abstract grant(spec: GrantSpec): Promise<{ commit?: string }>;
  abstract revoke(spec: GrantSpec): Promise<{ commit?: string }>;
  abstract check(): Promise<string | null>;

  async setPassword(): Promise<void> {
    throw new Error('GitOps grants have no password from the portal');
  }

  async listRoles(): Promise<string[]> {
    return [];
  }

  async dropRole(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * GitOps mode: the cluster's postgresql-controller makes the role; the portal
 * only commits (grant) or removes (revoke) the PostgreSQLUser resource in the
 * configured repository. The repository is a git URL or the path of a bare
 * repository on this machine.
 */
export class GitOpsGranter extends GitOpsGranterBase {
  constructor(
    private readonly options: {
      environment: string;
      target: GitOpsTarget;
      logger: LoggerService;
    },
  ) {
    super();
  }

  async grant(spec: GrantSpec): Promise<{ commit?: string }> {
    const { target } = this.options;
    const commit = await this.commit(grantMessage(spec), async dir => {
      const file = path.join(dir, resourcePath(target, spec));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, resourceYaml(target, spec));
    });
    return { commit };
  }

  async revoke(spec: GrantSpec): Promise<{ commit?: string }> {
    const { target } = this.options;
    const commit = await this.commit(revokeMessage(spec), async dir => {
      await fs.rm(path.join(dir, resourcePath(target, spec)), { force: true });
    });
    return { commit };
  }

  /** Clone, change, commit, push; retried when another replica pushed first. */
  private async commit(
    message: string,
    change: (dir: string) => Promise<void>,
  ): Promise<string | undefined> {
    const { repository, branch } = this.options.target;
    for (let attempt = 1; ; attempt++) {
      const dir = await fs.mkdtemp(
        path.join(os.tmpdir(), 'database-access-gitops-'),
      );
      try {
        await git(
          dir,
          'clone',
          '--quiet',
          '--depth',
          '1',
          '--branch',
          branch,
          repository,
          '.',
        );
        await change(dir);
        await git(dir, 'add', '--all');
        const status = await git(dir, 'status', '--porcelain');
        if (!status) {
          return undefined; // nothing to change (already there / already gone)
        }
        await git(dir, 'commit', '--quiet', '--message', message);
        try {
          await git(dir, 'push', '--quiet', 'origin', `HEAD:${branch}`);
        } catch (error) {
          if (
            attempt < 5 &&
            /rejected|non-fast-forward|fetch first/i.test(String(error))
          ) {
            continue;
          }
          throw error;
        }
        return await git(dir, 'rev-parse', 'HEAD');
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }
  }

  async check(): Promise<string | null> {
    try {
      await git(
        os.tmpdir(),
        'ls-remote',
        '--exit-code',
        '--heads',
        this.options.target.repository,
        this.options.target.branch,
      );
      return null;
    } catch (error) {
      return `GitOps repository ${this.options.target.repository} (branch ${
        this.options.target.branch
      }) is not reachable: ${String(error).split('\n')[0]}`;
    }
  }
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(
    'git',
    ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args],
    {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME:
          process.env.GIT_AUTHOR_NAME ?? 'Backstage database access',
        GIT_AUTHOR_EMAIL:
          process.env.GIT_AUTHOR_EMAIL ?? 'database-access@backstage.local',
        GIT_COMMITTER_NAME:
          process.env.GIT_COMMITTER_NAME ?? 'Backstage database access',
        GIT_COMMITTER_EMAIL:
          process.env.GIT_COMMITTER_EMAIL ?? 'database-access@backstage.local',
        GIT_TERMINAL_PROMPT: '0',
      },
    },
  );
  return stdout.trim();
}
