#!/usr/bin/env node
/*
 * yarn demo
 *
 * Fills a running portal (default http://localhost:7007, `bash
 * scripts/start.sh`) with the squad page of the customer's mock-up, through
 * the real entry points only:
 *   - releases with vulnerability counts of squad-nasa's services (and one of
 *     squad-gemini), yesterday's and today's, as CI records them:
 *     POST /api/release-status/releases with the static token of
 *     backend.auth.externalAccess (app-config.yaml's development one);
 *   - GitHub webhooks (a pull request opened and approved, a build of main),
 *     signed with events.modules.github.webhookSecret, to
 *     POST /api/events/http/github;
 *   - the dead letters of `yarn dead-letters:demo` (RabbitMQ on 127.0.0.1).
 * Demo data is labelled: author demo-bot, "[demo]" PR titles, release
 * message "demo release".
 *
 *   DEMO_BASE_URL        the portal's backend (default: backend.baseUrl)
 *   DEMO_INGEST_TOKEN    a token that may record releases (default: config)
 *   DEMO_WEBHOOK_SECRET  the GitHub webhook secret (default: config)
 *   DEMO_CONFIG          config files read for those, a:b (default
 *                        app-config.yaml and app-config.local.yaml)
 *   DEMO_DEAD_LETTERS=0  skip the dead-letter demo
 *   DEMO_RELEASE_SERVICES, DEMO_REPOSITORIES  comma-separated subsets of
 *                        the services and repositories below
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const {
  demoReleases,
  demoWebhooks,
  readConfigFiles,
  readPortalSettings,
  webhookRequest,
} = require('./demoData');

const ROOT = path.resolve(__dirname, '../../..');

// squad-nasa's services (catalog/components), as the mock-up's "Squad Nasa":
// high and critical CVEs yesterday and today.
const SERVICES = [
  {
    service: 'authentication',
    yesterday: { critical: 1, high: 12 },
    today: { critical: 0, high: 2 },
  },
  {
    service: 'product',
    yesterday: { critical: 0, high: 3 },
    today: { critical: 0, high: 5 },
  },
  {
    service: 'release-manager',
    yesterday: { critical: 0, high: 0 },
    today: { critical: 0, high: 0 },
  },
  {
    service: 'dead-letter',
    yesterday: { critical: 0, high: 4 },
    today: { critical: 0, high: 4 },
  },
  {
    service: 'term-deposit',
    yesterday: { critical: 0, high: 2 },
    today: { critical: 0, high: 1 },
  },
];
const REPOSITORIES = ['lunarway/authentication', 'lunarway/term-deposit'];

function subset(all, variable, key = x => x) {
  const wanted = (process.env[variable] || '').split(',').filter(Boolean);
  return all.filter(x => wanted.length === 0 || wanted.includes(key(x)));
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function waitFor(what, check, timeoutMs = 180_000) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await sleep(2000);
  }
  throw new Error(
    `Gave up waiting for ${what}${last ? `: ${last.message}` : ''}`,
  );
}

async function main() {
  const settings = readPortalSettings(readConfigFiles(ROOT));
  const { baseUrl } = settings;
  console.log(`Demo data for the portal at ${baseUrl}`);

  await waitFor('the portal to be ready', async () => {
    const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
    return res.ok;
  });
  // Webhooks and releases reach a squad's pulse through the catalog: wait
  // until it has read the example services.
  const guest = await fetch(`${baseUrl}/api/auth/guest/refresh`);
  const userToken = guest.ok
    ? (await guest.json()).backstageIdentity?.token
    : undefined;
  await waitFor('the catalog to list authentication', async () => {
    const res = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/component/default/authentication`,
      { headers: userToken ? { authorization: `Bearer ${userToken}` } : {} },
    );
    return res.ok;
  });

  let failures = 0;
  if (!settings.token) {
    failures++;
    console.error(
      'No token for POST /api/release-status/releases: set DEMO_INGEST_TOKEN, or add a static token of backend.auth.externalAccess (app-config.yaml has a development one).',
    );
  } else {
    const services = subset(SERVICES, 'DEMO_RELEASE_SERVICES', s => s.service);
    for (const release of demoReleases(services)) {
      const res = await fetch(`${baseUrl}/api/release-status/releases`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${settings.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(release),
      });
      const v = release.vulnerabilities;
      const line = `release ${release.service} to ${
        release.environment
      } (${release.releasedAt.slice(0, 16)}Z): ${v.critical} critical, ${
        v.high
      } high`;
      if (res.ok) {
        console.log(`  ${res.status} ${line}`);
      } else {
        failures++;
        console.error(`  ${res.status} ${line}: ${await res.text()}`);
      }
    }
  }

  if (!settings.webhookSecret) {
    failures++;
    console.error(
      'No GitHub webhook secret: set DEMO_WEBHOOK_SECRET or events.modules.github.webhookSecret.',
    );
  } else {
    let number = Math.floor(Date.now() / 1000) % 100000;
    for (const repository of subset(REPOSITORIES, 'DEMO_REPOSITORIES')) {
      for (const hook of demoWebhooks(repository, Date.now(), ++number)) {
        const { headers, body } = webhookRequest(settings.webhookSecret, hook);
        const res = await fetch(`${baseUrl}/api/events/http/github`, {
          method: 'POST',
          headers,
          body,
        });
        const line = `webhook ${hook.event} ${hook.payload.action} in ${repository}`;
        if (res.ok) {
          console.log(`  ${res.status} ${line}`);
        } else {
          failures++;
          console.error(`  ${res.status} ${line}: ${await res.text()}`);
        }
      }
    }
  }

  if (process.env.DEMO_DEAD_LETTERS !== '0') {
    console.log('Dead letters (yarn dead-letters:demo):');
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'plugins/dead-letter-backend/scripts/demo.js')],
      { stdio: 'inherit', env: process.env },
    );
    if (result.status !== 0) {
      failures++;
      console.error(
        'The dead-letter demo failed (is RabbitMQ running on 127.0.0.1:5672?).',
      );
    }
  }

  console.log(
    failures
      ? `Done, with ${failures} failure(s) above.`
      : 'Done: open squad-nasa (Security card, pulse) in the portal.',
  );
  process.exitCode = failures ? 1 : 0;
}

main().catch(error => {
  console.error(error.message ?? error);
  process.exitCode = 1;
});
