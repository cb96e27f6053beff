import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { GitOpsTarget } from '../config';
import { GrantSpec } from '../types';
import { createGranter } from '.';
import { GitOpsGranter } from './GitOpsGranter';
import { GithubGitOpsGranter } from './GithubGitOpsGranter';

// GitHub's contents API (docs.github.com/rest/repos/contents) for one
// repository and branch, kept in memory: files with their blob sha, commits.
const REPO = 'https://api.github.com/repos/lunarway/postgresql-users';
const files = new Map<string, { content: string; sha: string }>();
const commits: Array<{ message: string; path: string; op: string }> = [];
const authorizations = new Set<string | null>();
/** What the handlers saw that the API would refuse (asserted after each test). */
const refused: string[] = [];
let conflictsToAnswer = 0;
let seq = 0;

function pathOf(request: Request): string {
  return decodeURIComponent(
    new URL(request.url).pathname.split('/contents/')[1],
  );
}

const github = setupServer(
  http.get(`${REPO}/branches/:branch`, ({ params, request }) => {
    authorizations.add(request.headers.get('authorization'));
    return params.branch === 'main'
      ? HttpResponse.json({ name: 'main', commit: { sha: 'c0' } })
      : HttpResponse.json({ message: 'Branch not found' }, { status: 404 });
  }),
  http.get(`${REPO}/contents/*`, ({ request }) => {
    authorizations.add(request.headers.get('authorization'));
    if (new URL(request.url).searchParams.get('ref') !== 'main') {
      refused.push(`read off main: ${request.url}`);
    }
    const file = files.get(pathOf(request));
    return file
      ? HttpResponse.json({
          type: 'file',
          sha: file.sha,
          content: file.content,
        })
      : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
  }),
  http.put(`${REPO}/contents/*`, async ({ request }) => {
    authorizations.add(request.headers.get('authorization'));
    const body = (await request.json()) as any;
    const path = pathOf(request);
    const existing = files.get(path);
    if (conflictsToAnswer > 0 || (existing && body.sha !== existing.sha)) {
      conflictsToAnswer = Math.max(0, conflictsToAnswer - 1);
      return HttpResponse.json(
        { message: `${path} does not match ${body.sha}` },
        { status: 409 },
      );
    }
    if (!existing && body.sha) {
      return HttpResponse.json(
        { message: "sha wasn't supplied" },
        { status: 422 },
      );
    }
    if (body.branch !== 'main') {
      refused.push(`commit off main: ${body.branch}`);
    }
    const sha = `blob${++seq}`;
    files.set(path, { content: body.content, sha });
    commits.push({ message: body.message, path, op: 'put' });
    return HttpResponse.json(
      { content: { sha }, commit: { sha: `commit${seq}` } },
      { status: existing ? 200 : 201 },
    );
  }),
  http.delete(`${REPO}/contents/*`, async ({ request }) => {
    const body = (await request.json()) as any;
    const path = pathOf(request);
    const existing = files.get(path);
    if (!existing) {
      return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }
    if (body.sha !== existing.sha) {
      return HttpResponse.json({ message: 'conflict' }, { status: 409 });
    }
    files.delete(path);
    commits.push({ message: body.message, path, op: 'delete' });
    return HttpResponse.json({
      content: null,
      commit: { sha: `commit${++seq}` },
    });
  }),
);

beforeAll(() => github.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  const seen = refused.splice(0);
  if (seen.length) {
    throw new Error(`GitHub would refuse: ${seen.join('; ')}`);
  }
  github.resetHandlers();
  files.clear();
  commits.length = 0;
  authorizations.clear();
  conflictsToAnswer = 0;
});
afterAll(() => github.close());

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'ghp_portal' }] },
  }),
);

const target: GitOpsTarget = {
  repository: 'https://github.com/lunarway/postgresql-users.git',
  branch: 'main',
  directory: 'prod',
  host: 'postgres.prod.internal',
};

const spec: GrantSpec = {
  requestId: '00000000-0000-4000-8000-000000000001',
  roleName: 'portal_access_1',
  databaseName: 'term_deposit',
  level: 'read',
  validFrom: new Date('2026-12-01T09:00:00Z'),
  validUntil: new Date('2026-12-01T17:00:00Z'),
  requester: 'user:default/demo-developer',
  reason: 'Look at a stuck term deposit (INC-42)',
};

function granter(over: Partial<GitOpsTarget> = {}) {
  return new GithubGitOpsGranter({
    environment: 'prod',
    target: { ...target, ...over },
    integrations,
    logger: mockServices.logger.mock(),
  });
}

describe('GithubGitOpsGranter', () => {
  it('commits the PostgreSQLUser resource with the reason and window, as the integration', async () => {
    const result = await granter().grant(spec);
    expect(result.commit).toMatch(/^commit\d+$/);
    expect(commits).toEqual([
      {
        op: 'put',
        path: 'prod/portal_access_1.yaml',
        message: expect.stringMatching(
          /^Grant read on term_deposit to user:default\/demo-developer until 2026-12-01T17:00:00.000Z\n\nLook at a stuck term deposit \(INC-42\)/,
        ),
      },
    ]);
    const resource = parse(
      Buffer.from(
        files.get('prod/portal_access_1.yaml')!.content,
        'base64',
      ).toString(),
    );
    expect(resource).toMatchObject({
      apiVersion: 'postgresql.lunar.tech/v1alpha1',
      kind: 'PostgreSQLUser',
      spec: {
        name: 'portal_access_1',
        read: [
          {
            host: { value: 'postgres.prod.internal' },
            database: { value: 'term_deposit' },
            start: '2026-12-01T09:00:00.000Z',
            stop: '2026-12-01T17:00:00.000Z',
          },
        ],
        write: [],
      },
    });
    expect([...authorizations]).toEqual(['token ghp_portal']);
  });

  it('updates a resource that is there already, and commits again on top of a concurrent change (409)', async () => {
    await granter().grant(spec);
    conflictsToAnswer = 1;
    await granter().grant({
      ...spec,
      validUntil: new Date('2026-12-01T18:00:00Z'),
    });
    expect(commits.map(c => c.op)).toEqual(['put', 'put']);
    const resource = parse(
      Buffer.from(
        files.get('prod/portal_access_1.yaml')!.content,
        'base64',
      ).toString(),
    );
    expect(resource.spec.read[0].stop).toBe('2026-12-01T18:00:00.000Z');
  });

  it('revokes by removing the file; a second revoke finds nothing to do', async () => {
    await granter().grant(spec);
    const first = await granter().revoke(spec);
    expect(first.commit).toMatch(/^commit\d+$/);
    expect(files.size).toBe(0);
    expect(commits[1]).toEqual({
      op: 'delete',
      path: 'prod/portal_access_1.yaml',
      message: expect.stringMatching(
        /^Revoke read on term_deposit from user:default\/demo-developer/,
      ),
    });
    expect(await granter().revoke(spec)).toEqual({ commit: undefined });
    expect(commits).toHaveLength(2);
  });

  it('says when the branch is not there, and is fine when it is', async () => {
    expect(await granter().check()).toBeNull();
    expect(await granter({ branch: 'gone' }).check()).toMatch(
      /^GitOps repository https:\/\/github.com\/lunarway\/postgresql-users.git \(branch gone\) is not reachable on GitHub/,
    );
  });

  it('fails clearly without GitHub credentials, changing nothing', async () => {
    const none = new GithubGitOpsGranter({
      environment: 'prod',
      target,
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      logger: mockServices.logger.mock(),
    });
    await expect(none.grant(spec)).rejects.toThrow(
      'No GitHub credentials for https://github.com/lunarway/postgresql-users.git in integrations.github',
    );
    expect(commits).toEqual([]);
  });

  it('is chosen for GitHub repositories only; other repositories go through the git CLI', () => {
    const env = (repository: string) => ({
      name: 'prod',
      mode: 'gitops' as const,
      gitops: { ...target, repository },
      createMissingDatabases: false,
      connectHost: 'x',
      connectPort: 5432,
      maxMinutes: { read: 60, write: 60 },
      approvalsRequired: { read: 1, write: 1 },
    });
    const logger = mockServices.logger.mock();
    expect(
      createGranter(env(target.repository), integrations, logger),
    ).toBeInstanceOf(GithubGitOpsGranter);
    for (const other of [
      '/srv/git/postgresql-users.git',
      'git@github.com:lunarway/postgresql-users.git',
      'https://gitlab.example.com/lunarway/postgresql-users.git',
      'https://github.com/lunarway',
    ]) {
      expect(createGranter(env(other), integrations, logger)).toBeInstanceOf(
        GitOpsGranter,
      );
    }
  });
});
