import { randomBytes } from 'node:crypto';
import { test, expect, APIRequestContext } from '@playwright/test';
import { openTab, signIn, waitForEntity } from './support/portal';

// Seeds releases of term-deposit (owned by squad-gemini in the example
// catalog) through the CI ingest endpoint with the static token of
// app-config.e2e.yaml (backend.auth.externalAccess), then looks at them the
// way a developer would: the service's Releases tab and the squad's.

const INGEST_TOKEN = 'e2e-ingest-token';
const DAY = 24 * 3_600_000;

function sha(): string {
  return randomBytes(20).toString('hex');
}

/** Entity page tabs are links in a tab list. */
async function ingest(
  request: APIRequestContext,
  release: Record<string, unknown>,
) {
  const res = await request.post('/api/release-status/releases', {
    headers: { Authorization: `Bearer ${INGEST_TOKEN}` },
    data: release,
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

// Fresh shas every run, so a reused portal still shows this run's releases.
const newSha = sha();
const oldSha = sha();
// "prod is 3 days behind dev": prod got the old artifact 5 days ago, dev the
// new one 3.5 days ago (commits only appear with a GitHub token).
const driftText = /prod is 3 days( and \d+ commits?)? behind dev/;

test.beforeAll(async ({ request }) => {
  // The squad view takes its services from the catalog.
  await waitForEntity(request, { kind: 'component', name: 'term-deposit' });

  const now = Date.now();
  await ingest(request, {
    service: 'term-deposit',
    environment: 'prod',
    artifactId: `master-${oldSha.slice(0, 10)}-67e9d69164`,
    sha: oldSha,
    branch: 'master',
    releasedAt: new Date(now - 5 * DAY).toISOString(),
    releasedBy: 'Kasper Nissen',
    message: 'Fix rounding of interest',
    intent: 'promote',
    vulnerabilities: { high: 0, medium: 1, low: 4 },
  });
  await ingest(request, {
    service: 'term-deposit',
    environment: 'dev',
    artifactId: `master-${newSha.slice(0, 10)}-67e9d69164`,
    sha: newSha,
    branch: 'master',
    releasedAt: new Date(now - 3.5 * DAY).toISOString(),
    releasedBy: 'Bjørn Sørensen',
    message: 'Add interest rate table',
    intent: 'autoRelease',
    vulnerabilities: { high: 2, medium: 0, low: 1 },
  });
});

test('a service Releases tab shows dev ahead of prod with the drift banner', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/term-deposit');
  await openTab(page, 'Releases');

  await expect(page.getByText(driftText)).toBeVisible();

  const dev = page.getByTestId('environment-dev');
  const prod = page.getByTestId('environment-prod');
  await expect(
    dev.getByText(newSha.slice(0, 7), { exact: true }),
  ).toBeVisible();
  await expect(dev.getByText('Bjørn Sørensen')).toBeVisible();
  await expect(dev.getByText('2 high')).toBeVisible();
  await expect(
    prod.getByText(oldSha.slice(0, 7), { exact: true }),
  ).toBeVisible();
  await expect(prod.getByText('Kasper Nissen')).toBeVisible();
  // The sha links to the commit on GitHub (github.com/project-slug).
  await expect(
    dev.getByRole('link', { name: newSha.slice(0, 7) }),
  ).toHaveAttribute(
    'href',
    `https://github.com/lunarway/term-deposit/commit/${newSha}`,
  );

  // History of prod below.
  await page.getByRole('tab', { name: 'prod' }).click();
  await expect(
    page.getByRole('cell', { name: 'Fix rounding of interest' }).first(),
  ).toBeVisible();
});

test("the squad's Releases tab lists term-deposit as drifting", async ({
  page,
}) => {
  await signIn(page, '/catalog/default/group/squad-gemini');
  await openTab(page, 'Releases');

  await expect(page.getByText('Releases of squad-gemini')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'term-deposit' });
  await expect(row.getByText(driftText)).toBeVisible();
  // Drifting services come first.
  await expect(page.getByRole('row').nth(1)).toContainText('behind');
});
