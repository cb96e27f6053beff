import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';

const execFileAsync = promisify(execFile);

/** Where one published repository lives on this machine. */
export interface LocalGitRepository {
  name: string;
  /** The bare repository: what `git clone` uses. */
  bareRepoPath: string;
  /** A checkout of the default branch: what the catalog and TechDocs read. */
  worktreePath: string;
  catalogInfoPath: string;
}

export interface GitAuthor {
  name: string;
  email: string;
}

export interface PublishOptions {
  name: string;
  /** Directory whose contents become the repository's single commit. */
  sourceDir: string;
  commitMessage: string;
  author: GitAuthor;
}

export interface PublishResult {
  repository: LocalGitRepository;
  commitHash: string;
  branch: string;
}

export type RegistrationListener = (
  repository: LocalGitRepository,
) => Promise<void>;

/**
 * The git repositories that `publish:local-git` creates, shared by the
 * scaffolder module (which publishes) and the catalog module (which turns
 * them into catalog locations).
 */
export interface LocalGitRepositories {
  readonly enabled: boolean;
  readonly baseDir: string;
  readonly defaultBranch: string;
  readonly configuredAuthor: Partial<GitAuthor>;
  repository(name: string): LocalGitRepository;
  exists(name: string): Promise<boolean>;
  publish(options: PublishOptions): Promise<PublishResult>;
  /** Repositories whose checkout has a `catalog-info.yaml`. */
  list(): Promise<LocalGitRepository[]>;
  /**
   * Asks the catalog module to add the repository's `catalog-info.yaml`.
   * Resolves to false when no catalog module listens (nothing registered).
   */
  register(name: string): Promise<boolean>;
  onRegister(listener: RegistrationListener): void;
}

const REPO_NAME = /^[a-z0-9][a-z0-9._-]*$/;

export const DEFAULT_BASE_DIR = '../../.data/git-repos';

export function assertValidRepoName(name: string) {
  if (!REPO_NAME.test(name) || name.endsWith('.git') || name.includes('..')) {
    throw new InputError(
      `Invalid repository name '${name}': use lowercase letters, digits, '.', '_' and '-'`,
    );
  }
}

async function pathExists(p: string) {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

export class DefaultLocalGitRepositories implements LocalGitRepositories {
  readonly #listeners: RegistrationListener[] = [];
  readonly #logger: LoggerService;

  static fromConfig(config: RootConfigService, logger: LoggerService) {
    const baseDir = path.resolve(
      config.getOptionalString('scaffolder.localGit.baseDir') ??
        DEFAULT_BASE_DIR,
    );
    return new DefaultLocalGitRepositories({
      enabled: config.getOptionalBoolean('scaffolder.localGit.enabled') ?? true,
      baseDir,
      defaultBranch:
        config.getOptionalString('scaffolder.localGit.defaultBranch') ?? 'main',
      configuredAuthor: {
        name: config.getOptionalString('scaffolder.localGit.author.name'),
        email: config.getOptionalString('scaffolder.localGit.author.email'),
      },
      logger,
    });
  }

  readonly enabled: boolean;
  readonly baseDir: string;
  readonly defaultBranch: string;
  readonly configuredAuthor: Partial<GitAuthor>;

  constructor(options: {
    enabled: boolean;
    baseDir: string;
    defaultBranch: string;
    configuredAuthor: Partial<GitAuthor>;
    logger: LoggerService;
  }) {
    this.enabled = options.enabled;
    this.baseDir = path.resolve(options.baseDir);
    this.defaultBranch = options.defaultBranch;
    this.configuredAuthor = options.configuredAuthor;
    this.#logger = options.logger;
  }

  repository(name: string): LocalGitRepository {
    assertValidRepoName(name);
    const worktreePath = path.join(this.baseDir, name);
    return {
      name,
      bareRepoPath: path.join(this.baseDir, `${name}.git`),
      worktreePath,
      catalogInfoPath: path.join(worktreePath, 'catalog-info.yaml'),
    };
  }

  async exists(name: string) {
    const repo = this.repository(name);
    return (
      (await pathExists(repo.bareRepoPath)) ||
      (await pathExists(repo.worktreePath))
    );
  }

  async publish(options: PublishOptions): Promise<PublishResult> {
    const repository = this.repository(options.name);
    const branch = this.defaultBranch;
    await fs.mkdir(this.baseDir, { recursive: true });
    if (await pathExists(repository.worktreePath)) {
      throw new ConflictError(
        `A repository named '${options.name}' already exists in ${this.baseDir}`,
      );
    }
    try {
      // Not recursive: fails when another task took the name first.
      await fs.mkdir(repository.bareRepoPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ConflictError(
          `A repository named '${options.name}' already exists in ${this.baseDir}`,
        );
      }
      throw e;
    }

    const staging = await fs.mkdtemp(
      path.join(this.baseDir, `.staging-${options.name}-`),
    );
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: options.author.name,
      GIT_AUTHOR_EMAIL: options.author.email,
      GIT_COMMITTER_NAME: options.author.name,
      GIT_COMMITTER_EMAIL: options.author.email,
      GIT_TERMINAL_PROMPT: '0',
    };
    const git = async (cwd: string, ...args: string[]) => {
      const { stdout } = await execFileAsync(
        'git',
        [
          '-c',
          'commit.gpgsign=false',
          '-c',
          'core.hooksPath=/dev/null',
          ...args,
        ],
        { cwd, env },
      );
      return stdout.trim();
    };
    try {
      await fs.cp(options.sourceDir, staging, {
        recursive: true,
        filter: src => path.basename(src) !== '.git',
      });
      await git(staging, 'init', '--quiet', '--initial-branch', branch);
      await git(staging, 'add', '--all');
      await git(
        staging,
        'commit',
        '--quiet',
        '--message',
        options.commitMessage,
      );
      const commitHash = await git(staging, 'rev-parse', 'HEAD');
      await git(
        repository.bareRepoPath,
        'init',
        '--quiet',
        '--bare',
        '--initial-branch',
        branch,
      );
      await git(
        staging,
        'push',
        '--quiet',
        repository.bareRepoPath,
        `${branch}:${branch}`,
      );
      await git(
        this.baseDir,
        'clone',
        '--quiet',
        '--branch',
        branch,
        repository.bareRepoPath,
        repository.worktreePath,
      );
      this.#logger.info(
        `Published ${options.name} to ${repository.bareRepoPath} at ${commitHash}`,
      );
      return { repository, commitHash, branch };
    } catch (e) {
      // Leave nothing half-made behind, so the name can be used again.
      await fs.rm(repository.bareRepoPath, { recursive: true, force: true });
      await fs.rm(repository.worktreePath, { recursive: true, force: true });
      throw e;
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
  }

  async list(): Promise<LocalGitRepository[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.baseDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const repos: LocalGitRepository[] = [];
    for (const name of names.sort()) {
      if (!REPO_NAME.test(name) || name.endsWith('.git')) continue;
      const repo = this.repository(name);
      if (await pathExists(repo.catalogInfoPath)) repos.push(repo);
    }
    return repos;
  }

  async register(name: string) {
    const repo = this.repository(name);
    if (!(await pathExists(repo.catalogInfoPath))) {
      throw new InputError(`${repo.catalogInfoPath} does not exist`);
    }
    for (const listener of this.#listeners) {
      await listener(repo);
    }
    return this.#listeners.length > 0;
  }

  onRegister(listener: RegistrationListener) {
    this.#listeners.push(listener);
  }
}

/**
 * Root-scoped, so the scaffolder and catalog modules share one instance.
 */
export const localGitRepositoriesServiceRef =
  createServiceRef<LocalGitRepositories>({
    id: 'lunar.local-git.repositories',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
        },
        factory: ({ config, logger }) =>
          DefaultLocalGitRepositories.fromConfig(
            config,
            logger.child({ service: 'local-git' }),
          ),
      }),
  });
