import { mockServices } from '@backstage/backend-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { GrantSpec } from '../types';
import { GitOpsGranter } from './GitOpsGranter';

// Each test runs a dozen git processes (clone, commit, push); on two cores
// busy with the other lanes of the test command that took over Jest's 5 s.
jest.setTimeout(30_000);

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  }).trim();

/** A bare repository with one commit on main, as publish:local-git makes them. */
function bareRepository(): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-test-'));
  const work = path.join(base, 'work');
  const bare = path.join(base, 'postgresql-users.git');
  fs.mkdirSync(work);
  git(work, 'init', '--quiet', '--initial-branch', 'main');
  fs.writeFileSync(path.join(work, 'README.md'), 'users\n');
  git(work, 'add', '--all');
  git(work, 'commit', '--quiet', '-m', 'init');
  git(base, 'clone', '--quiet', '--bare', work, bare);
  return bare;
}

const spec = (n: number, overrides: Partial<GrantSpec> = {}): GrantSpec => ({
  requestId: `00000000-0000-4000-8000-00000000000${n}`,
  roleName: `portal_access_${n}`,
  databaseName: 'term_deposit',
  level: 'write',
  validFrom: new Date('2026-12-01T09:00:00Z'),
  validUntil: new Date('2026-12-01T17:00:00Z'),
  requester: 'user:default/demo-developer',
  reason: 'Fix a stuck term deposit (INC-42)',
  ...overrides,
});

describe('GitOpsGranter', () => {
  const bare = bareRepository();
  const granter = new GitOpsGranter({
    environment: 'prod',
    target: {
      repository: bare,
      branch: 'main',
      directory: 'prod',
      host: 'postgres.prod.internal',
    },
    logger: mockServices.logger.mock(),
  });
  const show = (file: string) => git(bare, 'show', `main:${file}`);

  it('commits a PostgreSQLUser resource with the reason, start and stop, and removes it on revoke', async () => {
    const { commit } = await granter.grant(spec(1));
    expect(git(bare, 'rev-parse', 'main')).toBe(commit);
    expect(git(bare, 'log', '-1', '--format=%s', 'main')).toBe(
      'Grant write on term_deposit to user:default/demo-developer until 2026-12-01T17:00:00.000Z',
    );
    expect(parse(show('prod/portal_access_1.yaml'))).toEqual({
      apiVersion: 'postgresql.lunar.tech/v1alpha1',
      kind: 'PostgreSQLUser',
      metadata: {
        name: 'portal-access-1',
        annotations: {
          'lunar.app/database-access-request': spec(1).requestId,
          'lunar.app/requested-by': 'user:default/demo-developer',
        },
      },
      spec: {
        name: 'portal_access_1',
        read: [],
        write: [
          {
            host: { value: 'postgres.prod.internal' },
            database: { value: 'term_deposit' },
            reason: `Fix a stuck term deposit (INC-42) (portal request ${
              spec(1).requestId
            } by user:default/demo-developer)`,
            start: '2026-12-01T09:00:00.000Z',
            stop: '2026-12-01T17:00:00.000Z',
          },
        ],
      },
    });

    const revoked = await granter.revoke(spec(1));
    expect(revoked.commit).toBe(git(bare, 'rev-parse', 'main'));
    expect(() => show('prod/portal_access_1.yaml')).toThrow();
    // Revoking what is already gone changes nothing.
    expect((await granter.revoke(spec(1))).commit).toBeUndefined();
  });

  it('grants made at the same moment all land (a rejected push is retried)', async () => {
    await Promise.all(
      [2, 3, 4].map(n => granter.grant(spec(n, { level: 'read' }))),
    );
    for (const n of [2, 3, 4]) {
      expect(
        parse(show(`prod/portal_access_${n}.yaml`)).spec.read,
      ).toHaveLength(1);
    }
  });

  it('says when the repository cannot be reached', async () => {
    expect(await granter.check()).toBeNull();
    const missing = new GitOpsGranter({
      environment: 'prod',
      target: {
        repository: '/nonexistent/repo.git',
        branch: 'main',
        directory: 'x',
        host: 'h',
      },
      logger: mockServices.logger.mock(),
    });
    expect(await missing.check()).toMatch(
      /GitOps repository \/nonexistent\/repo.git \(branch main\) is not reachable/,
    );
    await expect(missing.grant(spec(5))).rejects.toThrow();
  });
});
