import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  demoReleases,
  demoWebhooks,
  readPortalSettings,
  signWebhook,
  webhookRequest,
} from '../scripts/demoData';
import { startSquadBackend, WEBHOOK_SECRET } from './__testUtils__/backend';

jest.setTimeout(60_000);

describe('yarn demo (scripts/demoData.js)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('signs a payload as GitHub does', () => {
    // GitHub's documented example ("Validating webhook deliveries").
    expect(signWebhook("It's a Secret to Everybody", 'Hello, World!')).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  it('reads the token that may record releases and the webhook secret from the config', () => {
    const base = `
backend:
  baseUrl: http://localhost:7007/
  auth:
    externalAccess:
      - type: static
        options: { token: other-plugin-token, subject: x }
        accessRestrictions: [{ plugin: catalog }]
      - type: static
        options: { token: dev-ingest-token, subject: demo-ci }
        accessRestrictions: [{ plugin: release-status }]
events:
  modules:
    github:
      webhookSecret: dev-secret
`;
    expect(readPortalSettings([base], {})).toEqual({
      baseUrl: 'http://localhost:7007',
      token: 'dev-ingest-token',
      webhookSecret: 'dev-secret',
    });
    // A later file replaces the list, and ${VAR}s come from the environment.
    const layered = `
backend:
  auth:
    externalAccess:
      - type: static
        options: { token: '\${CI_TOKEN}', subject: ci }
events:
  modules:
    github:
      webhookSecret: \${SECRET}
`;
    expect(
      readPortalSettings([base, layered], { CI_TOKEN: 'ci', SECRET: 's' }),
    ).toEqual({
      baseUrl: 'http://localhost:7007',
      token: 'ci',
      webhookSecret: 's',
    });
    // The environment wins.
    expect(
      readPortalSettings([base], {
        DEMO_BASE_URL: 'http://127.0.0.1:7103',
        DEMO_INGEST_TOKEN: 't',
        DEMO_WEBHOOK_SECRET: 'w',
      }),
    ).toEqual({
      baseUrl: 'http://127.0.0.1:7103',
      token: 't',
      webhookSecret: 'w',
    });
  });

  it('labels releases as demo data, yesterday and today, with their scans', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    const releases = demoReleases(
      [
        {
          service: 'authentication',
          yesterday: { critical: 1, high: 12 },
          today: { critical: 0, high: 2 },
        },
      ],
      now,
    );
    expect(releases.map(r => [r.environment, r.releasedAt])).toEqual([
      ['prod', '2026-12-01T12:00:00.000Z'],
      ['dev', '2026-12-02T11:30:00.000Z'],
      ['prod', '2026-12-02T11:50:00.000Z'],
    ]);
    for (const r of releases) {
      expect(r).toMatchObject({
        service: 'authentication',
        releasedBy: 'demo-bot',
        message: 'demo release',
        artifactId: expect.stringMatching(/^master-[0-9a-f]{10}-[0-9a-f]{10}$/),
      });
    }
    expect(releases[0].vulnerabilities).toMatchObject({
      critical: 1,
      high: 12,
    });
    expect(releases[2].vulnerabilities).toMatchObject({ critical: 0, high: 2 });
  });

  it('sends webhooks the portal accepts and puts in the squad pulse', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startSquadBackend({ knex });
    const now = Date.now();
    for (const hook of demoWebhooks('lunarway/term-deposit', now, 42)) {
      const { headers, body } = webhookRequest(WEBHOOK_SECRET, hook);
      const res = await request(server)
        .post('/api/events/http/github')
        .set(headers)
        .send(body);
      expect({ event: hook.event, status: res.status }).toEqual({
        event: hook.event,
        status: 202,
      });
    }
    // Signed with another secret: refused.
    const [first] = demoWebhooks('lunarway/term-deposit', now, 43);
    const forged = webhookRequest('not-the-secret', first);
    expect(
      (
        await request(server)
          .post('/api/events/http/github')
          .set(forged.headers)
          .send(forged.body)
      ).status,
    ).toBe(401);

    const pulse = await request(server)
      .get('/api/squad-overview/squads/default/squad-gemini/pulse')
      .set('Authorization', 'Bearer mock-user-token');
    expect(
      pulse.body.items.map((i: any) => [i.kind, i.actor, i.summary]),
    ).toEqual([
      [
        'build-succeeded',
        'demo-bot',
        expect.stringMatching(
          /^Build of main succeeded in lunarway\/term-deposit \(CI\) at [0-9a-f]{7}$/,
        ),
      ],
      [
        'pr-approved',
        'demo-bot',
        'PR #42 approved in lunarway/term-deposit: [demo] Enable Istio Service Mesh',
      ],
      [
        'pr-opened',
        'demo-bot',
        'PR #42 opened in lunarway/term-deposit: [demo] Enable Istio Service Mesh',
      ],
    ]);
  });
});
