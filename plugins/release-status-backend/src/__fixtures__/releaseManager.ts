/*
 * Responses of the release manager's HTTP API in its documented shapes: Go's
 * `omitempty` drops every empty field, `/status` lists only environments with
 * something released, and `date` is the end of the build.
 */

export const RM_BASE_URL = 'http://release-manager.test';

/** `GET /status?service=term-deposit`: nothing released to staging. */
export const statusTermDeposit = {
  defaultNamespaces: true,
  environments: [
    {
      name: 'dev',
      tag: 'master-2b2b2b2b2b-67e9d69164',
      committer: 'Bjørn Sørensen',
      author: 'Bjørn Sørensen',
      message: 'Add interest calculation',
      date: Date.parse('2026-11-20T09:55:00Z'),
      buildUrl: 'https://jenkins.example.com/job/term-deposit/42/',
      highVulnerabilities: 1,
      // medium and low omitted: zero
    },
    {
      name: 'prod',
      tag: 'master-1a1a1a1a1a-67e9d69164',
      // everything else omitted
    },
  ],
};

/** `GET /describe/release/term-deposit/dev?count=...`, newest first. */
export const describeTermDepositDev = {
  service: 'term-deposit',
  environment: 'dev',
  releases: [
    {
      releaseIndex: 1,
      releasedAt: '2026-11-20T10:00:00Z',
      releasedByEmail: 'bjorn@lunar.app',
      releasedByName: 'Bjørn Sørensen',
      intent: { type: 'AutoRelease' },
      artifact: {
        id: 'master-2b2b2b2b2b-67e9d69164',
        service: 'term-deposit',
        namespace: 'dev',
        squad: 'nasa',
        application: {
          branch: 'master',
          sha: '2b2b2b2b2b0000000000000000000000000000aa',
          authorName: 'Bjørn Sørensen',
          authorEmail: 'bjorn@lunar.app',
          committerName: 'Bjørn Sørensen',
          committerEmail: 'bjorn@lunar.app',
          message: 'Add interest calculation',
          name: 'term-deposit',
          url: 'https://github.com/lunarway/term-deposit',
          provider: 'GitHub',
        },
        ci: {
          jobUrl: 'https://jenkins.example.com/job/term-deposit/42/',
          start: '2026-11-20T09:50:00Z',
          end: '2026-11-20T09:55:00Z',
        },
        stages: [
          {
            id: 'build',
            name: 'Build',
            data: {
              image: 'quay.io/lunar/term-deposit',
              tag: 'master-2b2b2b2b2b-67e9d69164',
            },
          },
          {
            id: 'test',
            name: 'Test',
            data: { results: { passed: 120, failed: 0, skipped: 1 } },
          },
          {
            id: 'snyk-docker',
            name: 'Security scan docker',
            data: { vulnerabilities: { high: 1, medium: 0, low: 2 } },
          },
          {
            id: 'snyk-code',
            name: 'Security scan code',
            data: { vulnerabilities: { high: 0, medium: 3, low: 0 } },
          },
        ],
      },
    },
    {
      releaseIndex: 0,
      releasedAt: '2026-11-18T08:00:00Z',
      // releasedBy omitted, intent omitted, stages omitted
      artifact: {
        id: 'master-1a1a1a1a1a-67e9d69164',
        application: {
          branch: 'master',
          sha: '1a1a1a1a1a0000000000000000000000000000bb',
        },
      },
    },
  ],
};

/** `GET /describe/release/term-deposit/prod`: the release manager failed. */
export const describeTermDepositProdStatus = 500;
