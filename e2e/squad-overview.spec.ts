import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, APIRequestContext, Page } from '@playwright/test';
import { parse as parseYaml } from 'yaml';
import { expectNoAxeViolations } from './support/axe';
import { authHeaders, signIn, waitForEntity } from './support/portal';

// The squad overview of squad-gemini (the guest's squad) on the real portal:
// the Services table shows term-deposit's dead letters (seeded through real
// RabbitMQ by the dead-letter demo), and a signed GitHub pull_request webhook
// and a release posted while the page is open appear in the Pulse without a
// reload (events backend -> squad-overview backend -> signals -> page).

const run = randomBytes(4).toString('hex');
const INGEST_TOKEN = 'e2e-ingest-token';
const prTitle = `E2E ${run}: limit term deposits per customer`;
const releasedBy = `E2E Releaser ${run}`;

/** A key of the config the portal runs with (app-config.e2e.yaml etc.). */
function portalConfig(path: string[]): unknown {
  const files = (process.env.PORTAL_CONFIG ?? 'app-config.e2e.yaml')
    .split(':')
    .filter(Boolean);
  let value: unknown;
  for (const file of ['app-config.yaml', ...files]) {
    let node: any = parseYaml(readFileSync(resolve(file), 'utf8')) ?? {};
    for (const key of path) node = node?.[key];
    if (node !== undefined) value = node;
  }
  return value;
}

async function deadLetterCount(request: APIRequestContext): Promise<number> {
  const res = await request.get(
    '/api/dead-letter/dead-letters?environment=dev&service=term-deposit&limit=1',
    { headers: await authHeaders(request) },
  );
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).totalCount;
}

/** Posts a pull_request webhook signed as GitHub signs it. */
async function postPullRequestWebhook(request: APIRequestContext) {
  const secret = portalConfig(['events', 'modules', 'github', 'webhookSecret']);
  expect(
    secret,
    'events.modules.github.webhookSecret in the e2e config',
  ).toBeTruthy();
  const now = new Date().toISOString();
  const number = 1000 + Math.floor(Math.random() * 9000);
  const body = JSON.stringify({
    action: 'opened',
    number,
    pull_request: {
      id: Number.parseInt(run, 16),
      node_id: `PR_e2e_${run}`,
      number,
      state: 'open',
      title: prTitle,
      html_url: `https://github.com/lunarway/term-deposit/pull/${number}`,
      user: { login: 'demo-developer' },
      created_at: now,
      updated_at: now,
      draft: false,
      merged: false,
      base: { ref: 'master' },
      head: { ref: `e2e-${run}` },
    },
    repository: {
      id: 4242,
      name: 'term-deposit',
      full_name: 'lunarway/term-deposit',
      html_url: 'https://github.com/lunarway/term-deposit',
      default_branch: 'master',
      owner: { login: 'lunarway' },
    },
    sender: { login: 'demo-developer' },
  });
  const post = (secretUsed: string) =>
    request.post('/api/events/http/github', {
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${createHmac('sha256', secretUsed)
          .update(body)
          .digest('hex')}`,
      },
      data: body,
    });
  // Signed with another secret: refused as unauthenticated.
  const forged = await post('not-the-portal-secret');
  expect(forged.status(), await forged.text()).toBe(401);
  const res = await post(String(secret));
  expect(res.status(), await res.text()).toBe(202);
}

async function postRelease(request: APIRequestContext) {
  const sha = randomBytes(20).toString('hex');
  const res = await request.post('/api/release-status/releases', {
    headers: { Authorization: `Bearer ${INGEST_TOKEN}` },
    data: {
      service: 'term-deposit',
      environment: 'dev',
      artifactId: `master-${sha.slice(0, 10)}-67e9d69164`,
      sha,
      branch: 'master',
      releasedAt: new Date().toISOString(),
      releasedBy,
      message: `E2E ${run}`,
      intent: 'release',
    },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

let seededCount = 0;

test.beforeAll(async ({ request }) => {
  await waitForEntity(request, { kind: 'group', name: 'squad-gemini' });
  await waitForEntity(request, { kind: 'component', name: 'term-deposit' });
  const before = await deadLetterCount(request);
  // term-deposit's consumer rejects 5 messages into the e2e dead-letter queue.
  execFileSync('node', ['plugins/dead-letter-backend/scripts/demo.js'], {
    env: {
      ...process.env,
      DEMO_PREFIX: `e2e-${run}`,
      DEMO_DEAD_LETTER_EXCHANGE: 'e2e.dead-letter',
      DEMO_DEAD_LETTER_QUEUE: 'e2e.dead-letters',
      DEMO_SERVICES: 'term-deposit',
      DEMO_MESSAGES: '5',
    },
    stdio: 'pipe',
    timeout: 60_000,
  });
  await expect
    .poll(() => deadLetterCount(request), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(before + 5);
  seededCount = await deadLetterCount(request);
});

test("My squad opens squad-gemini's overview; a webhook and a release show up in the pulse live", async ({
  page,
  request,
}) => {
  await signIn(page);
  await sidebar(page).getByRole('link', { name: 'My squad' }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/group\/squad-gemini$/);

  // Overview is the squad's first tab.
  const tabs = page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link');
  await expect(tabs.first()).toHaveText('Overview');
  await expect(tabs.first()).toHaveAttribute('aria-current', 'page');

  // Services: term-deposit's dead letters in dev, linking to its tab.
  const deadLetters = page.getByRole('link', {
    name: `${seededCount} dead letters of term-deposit in dev`,
  });
  await expect(deadLetters).toBeVisible();
  await expect(deadLetters).toHaveAttribute(
    'href',
    '/catalog/default/component/term-deposit/dead-letter?environment=dev',
  );

  const pulse = page.getByRole('table', { name: 'Pulse' });
  await expect(
    pulse.or(page.getByText('Nothing happened yet')).first(),
  ).toBeVisible();
  // Our tab's content: the entity page and sidebar around it are the app's.
  const overview = page.getByRole('region', { name: 'Squad overview' });
  await expectNoAxeViolations(page, overview);

  // A reload would lose this marker.
  await page.evaluate(r => ((window as any).__squadOverviewE2e = r), run);

  await postPullRequestWebhook(request);
  await postRelease(request);

  const prEntry = page
    .getByRole('table', { name: 'Pulse' })
    .getByRole('row')
    .filter({ hasText: prTitle });
  const releaseEntry = page
    .getByRole('table', { name: 'Pulse' })
    .getByRole('row')
    .filter({ hasText: releasedBy });
  await expect(prEntry).toBeVisible({ timeout: 15_000 });
  await expect(releaseEntry).toBeVisible({ timeout: 15_000 });
  await expect(releaseEntry).toContainText('term-deposit');
  await expect(prEntry).toHaveAttribute('data-fresh', 'true');
  expect(await page.evaluate(() => (window as any).__squadOverviewE2e)).toBe(
    run,
  );
  await expectNoAxeViolations(page, overview);
});

test('On Call lists every squad and says how to configure PagerDuty', async ({
  page,
}) => {
  await signIn(page);
  await sidebar(page).getByRole('link', { name: 'On Call' }).click();
  const table = page.getByRole('table', { name: 'On call per squad' });
  const gemini = table.getByRole('row').filter({ hasText: 'Squad Gemini' });
  // Gemini names its PagerDuty service; the portal has no PagerDuty
  // credentials. Mercury has no service at all.
  await expect(gemini).toContainText(
    'On-call is not configured. PagerDuty credentials are not configured in this portal.',
  );
  const mercury = table.getByRole('row').filter({ hasText: 'Squad Mercury' });
  await expect(mercury).toContainText(
    'This squad has no pagerduty.com/service-id annotation.',
  );
  await expect(page.getByText(/pagerDuty\.apiToken/).first()).toBeVisible();
  await expectNoAxeViolations(
    page,
    page.getByRole('region', { name: 'On call', exact: true }),
  );
});

test("a squad's About tab keeps its members and ownership", async ({
  page,
}) => {
  await signIn(page, '/catalog/default/group/squad-gemini/about');
  await expect(
    page.getByText(/Squad Gemini members \(\d+ of \d+\)/),
  ).toBeVisible();
  await expect(page.getByText('Ownership', { exact: true })).toBeVisible();
  await expect(page.getByText('Pulse', { exact: true })).toBeHidden();
});
