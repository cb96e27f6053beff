import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { JsonObject } from '@backstage/types';
import { generateKeyPairSync } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readReleaseStatusConfig } from '../config';
import { GithubCommitComparer } from './GithubCommitComparer';

const server = setupServer();

// GET /repos/{owner}/{repo}/compare/{basehead}, in its documented shape (trimmed).
function compareBody(api: string, web: string, range: string) {
  const [, head] = range.split('...');
  const commit = (sha: string, message: string, name?: string) => ({
    sha,
    url: `${api}/repos/lunarway/term-deposit/commits/${sha}`,
    html_url: `${web}/lunarway/term-deposit/commit/${sha}`,
    commit: {
      author: name
        ? { name, email: 'dev@lunar.app', date: '2026-11-20T08:00:00Z' }
        : null,
      message,
    },
    author: { login: 'ada' },
    parents: [],
  });
  return {
    url: `${api}/repos/lunarway/term-deposit/compare/${range}`,
    html_url: `${web}/lunarway/term-deposit/compare/${range}`,
    status: 'ahead',
    ahead_by: 3,
    behind_by: 0,
    total_commits: 3,
    commits: [
      commit(`${head}01`, 'Oldest\n\nbody', 'Bob'),
      commit(`${head}02`, 'Middle'),
      commit(head, 'Newest', 'Cleo'),
    ],
    files: [],
  };
}

/** Serves the compare API at `api`; records the Authorization headers. */
function serveCompare(api: string, web: string, seen: string[] = []) {
  server.use(
    http.get(
      `${api}/repos/:owner/:repo/compare/:range`,
      ({ request, params }) => {
        seen.push(request.headers.get('authorization') ?? '');
        if (params.range === 'gone...head') {
          return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        }
        return HttpResponse.json(
          compareBody(api, web, decodeURIComponent(String(params.range))),
        );
      },
    ),
  );
  return seen;
}

function comparer(config: JsonObject, maxCommits?: number) {
  const root = new ConfigReader(config);
  return new GithubCommitComparer({
    integrations: ScmIntegrations.fromConfig(root),
    webBaseUrl: readReleaseStatusConfig(root).github.webBaseUrl,
    maxCommits,
  });
}

describe('GithubCommitComparer', () => {
  registerMswTestHooks(server);

  it('compares with the token of integrations.github, newest commit first', async () => {
    const seen = serveCompare('https://api.github.com', 'https://github.com');
    const github = comparer({
      integrations: { github: [{ host: 'github.com', token: 'ghp_abc' }] },
    });
    expect(github.enabled).toBe(true);
    const result = await github.compare({
      repository: 'lunarway/term-deposit',
      base: 'base',
      head: 'head',
    });
    expect(seen).toEqual(['token ghp_abc']);
    expect(result).toEqual({
      aheadBy: 3,
      htmlUrl: 'https://github.com/lunarway/term-deposit/compare/base...head',
      commits: [
        {
          sha: 'head',
          message: 'Newest',
          author: 'Cleo',
          url: 'https://github.com/lunarway/term-deposit/commit/head',
        },
        {
          sha: 'head02',
          message: 'Middle',
          author: 'ada',
          url: 'https://github.com/lunarway/term-deposit/commit/head02',
        },
        {
          sha: 'head01',
          message: 'Oldest',
          author: 'Bob',
          url: 'https://github.com/lunarway/term-deposit/commit/head01',
        },
      ],
    });

    // Two shas always compare the same: the second answer is remembered.
    await github.compare({
      repository: 'lunarway/term-deposit',
      base: 'base',
      head: 'head',
    });
    expect(seen).toHaveLength(1);
  });

  it('keeps the newest maxCommits', async () => {
    serveCompare('https://api.github.com', 'https://github.com');
    const github = comparer(
      { integrations: { github: [{ host: 'github.com', token: 't' }] } },
      2,
    );
    const result = await github.compare({
      repository: 'lunarway/term-deposit',
      base: 'base',
      head: 'head',
    });
    expect(result.aheadBy).toBe(3);
    expect(result.commits.map(c => c.sha)).toEqual(['head', 'head02']);
  });

  it("uses the GitHub Enterprise integration's apiBaseUrl for its host", async () => {
    const api = 'https://ghe.example.net/api/v3';
    const seen = serveCompare(api, 'https://ghe.example.net');
    const github = comparer({
      integrations: {
        github: [{ host: 'ghe.example.net', apiBaseUrl: api, token: 'ghe' }],
      },
      releaseStatus: { github: { webBaseUrl: 'https://ghe.example.net/' } },
    });
    expect(github.webBaseUrl).toBe('https://ghe.example.net');
    const result = await github.compare({
      repository: 'lunarway/term-deposit',
      base: 'base',
      head: 'head',
    });
    expect(seen).toEqual(['token ghe']);
    expect(result.htmlUrl).toBe(
      'https://ghe.example.net/lunarway/term-deposit/compare/base...head',
    );
  });

  it('compares with a GitHub App installation token', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const api = 'https://api.github.com';
    const appCalls: string[] = [];
    server.use(
      // GET /app/installations and POST /app/installations/{id}/access_tokens,
      // both authenticated as the App (a JWT).
      http.get(`${api}/app/installations`, ({ request }) => {
        appCalls.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json([
          {
            id: 42,
            account: { login: 'lunarway', type: 'Organization' },
            app_id: 7,
            target_type: 'Organization',
            suspended_by: null,
          },
        ]);
      }),
      http.post(`${api}/app/installations/42/access_tokens`, () =>
        HttpResponse.json(
          {
            token: 'ghs_installation',
            expires_at: new Date(Date.now() + 3600_000).toISOString(),
            permissions: { contents: 'read' },
            repository_selection: 'all',
          },
          { status: 201 },
        ),
      ),
    );
    const seen = serveCompare(api, 'https://github.com');
    const github = comparer({
      integrations: {
        github: [
          {
            host: 'github.com',
            apps: [
              {
                appId: 7,
                clientId: 'Iv1.client',
                clientSecret: 'secret',
                privateKey,
              },
            ],
          },
        ],
      },
    });
    expect(github.enabled).toBe(true);
    const result = await github.compare({
      repository: 'lunarway/term-deposit',
      base: 'base',
      head: 'head',
    });
    expect(appCalls).toEqual([
      expect.stringMatching(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/),
    ]);
    expect(seen).toEqual(['token ghs_installation']);
    expect(result.commits).toHaveLength(3);
  });

  it('is off without credentials in integrations.github, whatever releaseStatus.github says', () => {
    // The plugin's own token setting is gone: only integrations count.
    const github = comparer({
      releaseStatus: {
        github: { token: 'ghp_old', apiBaseUrl: 'https://api.github.com' },
      },
    });
    expect(github.enabled).toBe(false);
    expect(
      comparer({
        integrations: { github: [{ host: 'ghe.example.net', token: 'x' }] },
      }).enabled,
    ).toBe(false);
  });

  it('says not found when GitHub does not know the shas', async () => {
    serveCompare('https://api.github.com', 'https://github.com');
    const github = comparer({
      integrations: { github: [{ host: 'github.com', token: 't' }] },
    });
    await expect(
      github.compare({
        repository: 'lunarway/term-deposit',
        base: 'gone',
        head: 'head',
      }),
    ).rejects.toThrow(NotFoundError);
  });
});
