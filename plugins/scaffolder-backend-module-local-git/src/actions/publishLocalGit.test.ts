import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { DefaultLocalGitRepositories } from '../service/LocalGitRepositories';
import { createPublishLocalGitAction } from './publishLocalGit';

// Real git processes (init, commit, push, clone): on two cores busy with the
// other lanes of the test command they can take longer than Jest's 5 s.
jest.setTimeout(30_000);

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('publish:local-git', () => {
  let root: string;
  let baseDir: string;
  let workspacePath: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-local-git-'));
    baseDir = path.join(root, 'repos');
    workspacePath = path.join(root, 'workspace');
    fs.mkdirSync(path.join(workspacePath, 'docs'), { recursive: true });
    fs.writeFileSync(
      path.join(workspacePath, 'catalog-info.yaml'),
      'kind: Component\n',
    );
    fs.writeFileSync(path.join(workspacePath, 'docs', 'index.md'), '# Hi\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function setup(author: { name?: string; email?: string } = {}) {
    const repositories = new DefaultLocalGitRepositories({
      enabled: true,
      baseDir,
      defaultBranch: 'main',
      configuredAuthor: author,
      logger: mockServices.logger.mock(),
    });
    const action = createPublishLocalGitAction({ repositories });
    const outputs: Record<string, unknown> = {};
    // A small stand-in for the scaffolder's context: only what the action uses.
    const context = (input: { repoName: string }, isDryRun = false) =>
      ({
        input,
        isDryRun,
        workspacePath,
        logger: mockServices.logger.mock(),
        output: (name: string, value: unknown) => {
          outputs[name] = value;
        },
        checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
        createTemporaryDirectory: async () =>
          fs.mkdtempSync(path.join(root, 'tmp-')),
        getInitiatorCredentials: async () => ({}),
        task: { id: 'task-1' },
        user: {
          ref: 'user:default/jane',
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'jane' },
            spec: {
              profile: { displayName: 'Jane Doe', email: 'jane@lunar.app' },
            },
          },
        },
      } as unknown as ActionContext<any, any>);
    return { action, outputs, context, repositories };
  }

  it('publishes the workspace as one commit to a bare repository with a checkout', async () => {
    const { action, outputs, context } = setup();
    await action.handler(context({ repoName: 'payment-service' }));

    const bare = path.join(baseDir, 'payment-service.git');
    const checkout = path.join(baseDir, 'payment-service');
    expect(git(bare, 'rev-parse', '--is-bare-repository')).toBe('true');
    expect(git(bare, 'rev-list', '--count', 'main')).toBe('1');
    expect(
      git(bare, 'ls-tree', '-r', '--name-only', 'main').split('\n'),
    ).toEqual(['catalog-info.yaml', 'docs/index.md']);
    expect(git(bare, 'log', '-1', '--format=%an <%ae>|%s', 'main')).toBe(
      'Jane Doe <jane@lunar.app>|Initial commit',
    );
    expect(
      fs.readFileSync(path.join(checkout, 'docs', 'index.md'), 'utf8'),
    ).toBe('# Hi\n');
    expect(outputs).toEqual({
      remoteUrl: `file://${bare}`,
      repoContentsUrl: `file://${checkout}`,
      catalogInfoUrl: `file://${checkout}/catalog-info.yaml`,
      catalogInfoPath: path.join(checkout, 'catalog-info.yaml'),
      repositoryPath: bare,
      worktreePath: checkout,
      commitHash: git(bare, 'rev-parse', 'main'),
    });
  });

  it('takes the author from config over the user', async () => {
    const { action, context } = setup({
      name: 'Portal Bot',
      email: 'bot@lunar.app',
    });
    await action.handler(context({ repoName: 'svc' }));
    expect(
      git(path.join(baseDir, 'svc.git'), 'log', '-1', '--format=%an <%ae>'),
    ).toBe('Portal Bot <bot@lunar.app>');
  });

  it('creates nothing in a dry run, but reports the outputs', async () => {
    const { action, outputs, context } = setup();
    await action.handler(context({ repoName: 'payment-service' }, true));
    expect(fs.existsSync(baseDir)).toBe(false);
    expect(outputs.remoteUrl).toBe(`file://${baseDir}/payment-service.git`);
    expect(outputs.commitHash).toBe('0'.repeat(40));
  });

  it('refuses a name that is already published, keeping the first repository', async () => {
    const { action, context } = setup();
    await action.handler(context({ repoName: 'svc' }));
    const first = git(path.join(baseDir, 'svc.git'), 'rev-parse', 'main');
    await expect(action.handler(context({ repoName: 'svc' }))).rejects.toThrow(
      /already exists/,
    );
    await expect(
      action.handler(context({ repoName: 'svc' }, true)),
    ).rejects.toThrow(/already exists/);
    expect(git(path.join(baseDir, 'svc.git'), 'rev-parse', 'main')).toBe(first);
  });

  it('refuses names that would escape the base directory', async () => {
    const { action, context } = setup();
    await expect(
      action.handler(context({ repoName: '../evil' })),
    ).rejects.toThrow(/Invalid repository name/);
    expect(fs.existsSync(path.join(root, 'evil'))).toBe(false);
  });
});
