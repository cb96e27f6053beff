import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  pullRequestOpened,
  sign,
  SQUAD,
  startSquadBackend,
  webhook,
} from './__testUtils__/backend';

jest.setTimeout(60_000);

describe('GitHub webhooks through the events backend HTTP ingress', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function start(id: TestDatabaseId = 'SQLITE_3') {
    const knex = await databases.init(id);
    return startSquadBackend({ knex });
  }

  async function post(server: any, hook: ReturnType<typeof webhook>) {
    return request(server)
      .post('/api/events/http/github')
      .set(hook.headers)
      .send(hook.body);
  }

  async function pulse(server: any, query = '') {
    const res = await request(server)
      .get(`/api/squad-overview/squads/default/squad-gemini/pulse${query}`)
      .set('Authorization', mockCredentials.user.header());
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: expect.objectContaining({ items: expect.any(Array) }),
    });
    return res.body;
  }

  it.each(databases.eachSupportedId())(
    'stores a signed pull request once, and publishes it as a signal (%p)',
    async id => {
      const { server, sent } = await start(id);
      const hook = webhook(
        'pull_request',
        pullRequestOpened('lunarway/payments', 7),
      );
      expect((await post(server, hook)).status).toBe(202);
      // GitHub delivers again (a redelivery, or a retry after a timeout).
      expect((await post(server, hook)).status).toBe(202);

      const { items } = await pulse(server);
      expect(items).toEqual([
        expect.objectContaining({
          kind: 'pr-opened',
          service: 'payments',
          actor: 'octocat',
          summary: 'PR #7 opened in lunarway/payments: Change 7',
          url: 'https://github.com/lunarway/payments/pull/7',
          at: '2026-12-01T08:00:00.000Z',
        }),
      ]);
      expect(sent.signals).toEqual([
        {
          recipients: { type: 'broadcast' },
          channel: 'squad-overview:pulse',
          message: { squad: SQUAD, entry: items[0] },
        },
      ]);
    },
  );

  it('refuses a wrong or missing signature and stores nothing', async () => {
    const { server, sent } = await start();
    const payload = pullRequestOpened('lunarway/payments', 8);
    const wrong = await post(
      server,
      webhook('pull_request', payload, {
        signature: sign(JSON.stringify(payload), 'not-the-secret'),
      }),
    );
    const missing = await post(
      server,
      webhook('pull_request', payload, { signature: null }),
    );
    expect({ status: wrong.status, error: wrong.body.error }).toEqual({
      status: 401,
      error: expect.objectContaining({
        message: 'The webhook signature does not match the configured secret',
      }),
    });
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toMatch(/no X-Hub-Signature-256/);
    expect((await pulse(server)).items).toEqual([]);
    expect(sent.signals).toEqual([]);
  });

  it('ignores repositories no entity claims, and those of other squads', async () => {
    const { server } = await start();
    await post(
      server,
      webhook('pull_request', pullRequestOpened('someone/else', 1)),
    );
    await post(
      server,
      webhook('pull_request', pullRequestOpened('lunarway/ledger', 2)),
    );
    expect((await pulse(server)).items).toEqual([]);
  });

  it('refuses a body that is not JSON and a malformed payload with 400, storing nothing', async () => {
    const { server, sent } = await start();
    const notJson = 'this is not json';
    const res = await request(server)
      .post('/api/events/http/github')
      .set({
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-hub-signature-256': sign(notJson),
      })
      .send(notJson);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^The body is not valid JSON/);

    // Valid JSON without what a pull_request event carries.
    const malformed = await post(
      server,
      webhook('pull_request', { action: 'opened', repository: 'nope' }),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBe(
      'Malformed pull_request payload: missing repository.full_name',
    );
    const noPullRequest = await post(
      server,
      webhook('pull_request', {
        action: 'opened',
        repository: { full_name: 'lunarway/payments' },
      }),
    );
    expect(noPullRequest.status).toBe(400);
    expect((await pulse(server)).items).toEqual([]);
    expect(sent.signals).toEqual([]);

    // The backend still works afterwards.
    await post(
      server,
      webhook('pull_request', pullRequestOpened('lunarway/payments', 9)),
    );
    expect((await pulse(server)).items).toHaveLength(1);
  });

  it('records approvals, merges and main-branch builds, newest first', async () => {
    const { server } = await start();
    const repository = {
      full_name: 'lunarway/term-deposit',
      default_branch: 'main',
    };
    const pr = {
      number: 3,
      title: 'Faster rates',
      html_url: 'https://github.com/lunarway/term-deposit/pull/3',
      user: { login: 'ada' },
    };
    await post(
      server,
      webhook('pull_request_review', {
        action: 'submitted',
        repository,
        pull_request: pr,
        review: {
          id: 11,
          state: 'approved',
          user: { login: 'grace' },
          submitted_at: '2026-12-01T09:00:00Z',
          html_url: 'https://github.com/lunarway/term-deposit/pull/3#review-11',
        },
      }),
    );
    await post(
      server,
      webhook('pull_request', {
        action: 'closed',
        repository,
        pull_request: {
          ...pr,
          merged: true,
          merged_by: { login: 'ada' },
          merged_at: '2026-12-01T09:05:00Z',
        },
      }),
    );
    const run = (branch: string, conclusion: string, sha: string) => ({
      action: 'completed',
      repository,
      workflow_run: {
        name: 'CI',
        head_branch: branch,
        head_sha: sha,
        conclusion,
        html_url: `https://github.com/lunarway/term-deposit/actions/runs/${sha}`,
        updated_at: '2026-12-01T09:10:00Z',
        actor: { login: 'ada' },
      },
    });
    await post(
      server,
      webhook('workflow_run', run('main', 'failure', 'abc1234def')),
    );
    // A feature branch's build is not the squad's main line.
    await post(
      server,
      webhook('workflow_run', run('feature', 'success', 'fff')),
    );
    // The same commit's check suite (GitHub sends both for Actions).
    await post(
      server,
      webhook('check_suite', {
        action: 'completed',
        repository,
        check_suite: {
          head_branch: 'main',
          head_sha: 'abc1234def',
          conclusion: 'failure',
          updated_at: '2026-12-01T09:10:00Z',
        },
      }),
    );
    const { items } = await pulse(server);
    expect(items.map((i: any) => [i.kind, i.service, i.actor])).toEqual([
      ['build-failed', 'term-deposit', 'ada'],
      ['pr-merged', 'term-deposit', 'ada'],
      ['pr-approved', 'term-deposit', 'grace'],
    ]);
  });
});
