import { pathToFileURL } from 'node:url';
import { ConflictError } from '@backstage/errors';
import {
  createTemplateAction,
  getRepoSourceDirectory,
} from '@backstage/plugin-scaffolder-node';
import {
  GitAuthor,
  LocalGitRepositories,
  LocalGitRepository,
} from '../service/LocalGitRepositories';

const DEFAULT_AUTHOR: GitAuthor = {
  name: 'Lunar Portal',
  email: 'portal@lunar.app',
};

function outputsFor(repo: LocalGitRepository) {
  return {
    remoteUrl: pathToFileURL(repo.bareRepoPath).toString(),
    repoContentsUrl: pathToFileURL(repo.worktreePath).toString(),
    catalogInfoUrl: pathToFileURL(repo.catalogInfoPath).toString(),
    catalogInfoPath: repo.catalogInfoPath,
    repositoryPath: repo.bareRepoPath,
    worktreePath: repo.worktreePath,
  };
}

/**
 * `publish:local-git`: the workspace becomes one commit in a new bare git
 * repository under `scaffolder.localGit.baseDir`, with a checkout beside it
 * that the catalog reads from.
 */
export function createPublishLocalGitAction(options: {
  repositories: LocalGitRepositories;
}) {
  const { repositories } = options;
  return createTemplateAction({
    id: 'publish:local-git',
    description:
      'Publishes the workspace as a single commit to a new git repository on this machine (scaffolder.localGit.baseDir).',
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish the generated service',
        example: [
          'steps:',
          '  - id: publish',
          '    action: publish:local-git',
          '    input:',
          '      repoName: ${{ parameters.name }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]*$/)
            .describe('Name of the repository (also its directory name)'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path within the workspace to publish, default: all of it',
            ),
        gitCommitMessage: z =>
          z.string().optional().describe('Default: "Initial commit"'),
        gitAuthorName: z => z.string().optional(),
        gitAuthorEmail: z => z.string().optional(),
      },
      output: {
        remoteUrl: z => z.string().describe('file: URL of the bare repository'),
        repoContentsUrl: z =>
          z.string().describe('file: URL of the checked-out default branch'),
        catalogInfoUrl: z =>
          z.string().describe('file: URL of catalog-info.yaml in the checkout'),
        catalogInfoPath: z => z.string(),
        repositoryPath: z => z.string(),
        worktreePath: z => z.string(),
        commitHash: z => z.string(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const repo = repositories.repository(input.repoName);
      const outputs = outputsFor(repo);

      if (ctx.isDryRun) {
        // Report the conflict a real run would hit, but create nothing.
        if (await repositories.exists(input.repoName)) {
          throw new ConflictError(
            `A repository named '${input.repoName}' already exists at ${repo.bareRepoPath}`,
          );
        }
        ctx.logger.info(
          `Dry run: would publish to ${repo.bareRepoPath}; nothing created`,
        );
        for (const [key, value] of Object.entries(outputs)) {
          ctx.output(key as keyof typeof outputs, value);
        }
        ctx.output('commitHash', '0'.repeat(40));
        return;
      }

      const profile = ctx.user?.entity?.spec?.profile;
      const author: GitAuthor = {
        name:
          input.gitAuthorName ??
          repositories.configuredAuthor.name ??
          profile?.displayName ??
          DEFAULT_AUTHOR.name,
        email:
          input.gitAuthorEmail ??
          repositories.configuredAuthor.email ??
          profile?.email ??
          DEFAULT_AUTHOR.email,
      };
      const result = await ctx.checkpoint({
        key: `publish.local-git.${input.repoName}`,
        fn: async () => {
          const published = await repositories.publish({
            name: input.repoName,
            sourceDir: getRepoSourceDirectory(
              ctx.workspacePath,
              input.sourcePath,
            ),
            commitMessage: input.gitCommitMessage ?? 'Initial commit',
            author,
          });
          return { commitHash: published.commitHash };
        },
      });
      ctx.logger.info(
        `Published ${input.repoName} (${result.commitHash}) to ${repo.bareRepoPath}`,
      );
      for (const [key, value] of Object.entries(outputs)) {
        ctx.output(key as keyof typeof outputs, value);
      }
      ctx.output('commitHash', result.commitHash);
    },
  });
}
