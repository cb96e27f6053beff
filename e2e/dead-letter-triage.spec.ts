import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test, expect, APIRequestContext } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { authHeaders, signIn, waitForEntity } from './support/portal';

// A bad morning on real RabbitMQ: the demo producer's failing consumer
// dead-letters term-deposit's messages with two different errors; a member
// of the owning squad (the guest, squad-gemini) groups them by error,
// filters to one, selects all matching across pages, deletes them by filter
// (the confirmation names the count), and sees a new one arrive live.

const ENVIRONMENT = 'dev';
const SERVICE = 'term-deposit';
const INSUFFICIENT = 'ctx handler: insufficient_funds: insufficient funds';
const LOCKED = 'ctx handler: account_locked: account is locked';
// Odd, so the two errors differ (the demo alternates them): 61 and 60.
const MESSAGES = 121;

async function demo(messages: number) {
  // The demo's own producer and failing consumer, pointed at the e2e
  // config's dead-letter exchange and queue (app-config.e2e.yaml).
  await promisify(execFile)(
    process.execPath,
    ['plugins/dead-letter-backend/scripts/demo.js'],
    {
      env: {
        ...process.env,
        DEMO_PREFIX: 'e2e',
        DEMO_DEAD_LETTER_EXCHANGE: 'e2e.dead-letter',
        DEMO_DEAD_LETTER_QUEUE: 'e2e.dead-letters',
        DEMO_SERVICES: SERVICE,
        DEMO_MESSAGES: String(messages),
      },
    },
  );
}

async function api(request: APIRequestContext) {
  const headers = await authHeaders(request);
  const get = async (path: string) => {
    const res = await request.get(`/api/dead-letter${path}`, { headers });
    expect(res.status(), await res.text()).toBe(200);
    return res.json();
  };
  return {
    get,
    count: async (query = '') =>
      (
        await get(
          `/dead-letters?environment=${ENVIRONMENT}&service=${SERVICE}&limit=1${query}`,
        )
      ).totalCount as number,
    /** Deletes every stored term-deposit message (by filter), so reruns start clean. */
    clean: async () => {
      const list = await get(
        `/dead-letters?environment=${ENVIRONMENT}&service=${SERVICE}&limit=1`,
      );
      if (list.totalCount === 0) return;
      const res = await request.post('/api/dead-letter/dead-letters/bulk', {
        headers,
        data: {
          action: 'delete',
          filter: { environment: ENVIRONMENT, service: SERVICE },
          upToId: list.newestId,
        },
      });
      expect(res.status(), await res.text()).toBe(202);
      const { id } = await res.json();
      await expect
        .poll(async () => (await get(`/dead-letters/bulk/${id}`)).state, {
          timeout: 60_000,
        })
        .toBe('done');
    },
  };
}

test.beforeAll(async ({ request }) => {
  await waitForEntity(request, { kind: 'component', name: SERVICE });
  const client = await api(request);
  await client.clean();
  await demo(MESSAGES);
  await expect.poll(() => client.count(), { timeout: 60_000 }).toBe(MESSAGES);
});

test('triage by error, delete all matching by filter, see a new one live', async ({
  page,
  request,
}) => {
  const client = await api(request);
  await signIn(
    page,
    `/catalog/default/component/${SERVICE}/dead-letter?environment=${ENVIRONMENT}`,
  );

  // Grouped by error, top first.
  const errors = page.getByRole('group', { name: 'Errors' });
  const insufficient = errors.getByRole('button', {
    name: `${INSUFFICIENT} (61)`,
  });
  await expect(insufficient).toBeVisible();
  await expect(
    errors.getByRole('button', { name: `${LOCKED} (60)` }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  // One click filters to that error; the URL carries it.
  await insufficient.click();
  await expect(insufficient).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/error=/);
  await expect(
    page.getByText('1-50 of 61').locator('visible=true'),
  ).toBeVisible();

  // Select the page, then every matching message across pages.
  await page
    .getByRole('checkbox', { name: 'Select all messages on this page' })
    .check();
  await expect(
    page.getByText('All 50 messages on this page are selected.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Select all 61 matching' }).click();
  await expect(
    page.getByText('All 61 matching messages are selected.'),
  ).toBeVisible();

  // Delete them by filter: the confirmation names the count.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('You are about to delete 61 messages.');
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText('Deleted 61 messages.')).toBeVisible({
    timeout: 60_000,
  });
  expect(await client.count(`&error=${encodeURIComponent(INSUFFICIENT)}`)).toBe(
    0,
  );
  // The other error's messages are all still there.
  expect(await client.count(`&error=${encodeURIComponent(LOCKED)}`)).toBe(60);
  await expect(
    errors.getByRole('button', { name: `${LOCKED} (60)` }),
  ).toBeVisible();

  // A new dead letter arrives while the page is open: a marker, no jumping rows.
  await demo(1);
  const marker = page.getByRole('button', { name: /1 new dead letter/ });
  await expect(marker).toBeVisible({ timeout: 30_000 });
  await marker.click();
  await expect(marker).toBeHidden();
  await expect(
    errors.getByRole('button', { name: `${INSUFFICIENT} (1)` }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  // The Dead Letter page's trends count today's dead letters at ingest
  // (deleting does not rewrite them): at least the demo's 122 for gemini.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Dead Letter', exact: true })
    .click();
  await expect(
    page.getByText('Dead letters per day (last 14 days)'),
  ).toBeVisible();
  await page.getByRole('combobox', { name: 'Squad' }).selectOption({
    label: 'squad-gemini',
  });
  await expect(
    page.getByRole('img', { name: /^Dead letters per day, squad-gemini/ }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});
