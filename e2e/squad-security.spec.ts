import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expectNoAxeViolations } from './support/axe';
import { signIn, waitForEntity } from './support/portal';

// `yarn demo` against this portal, through its real entry points (release
// ingest with the e2e config's CI token, signed GitHub webhooks), for
// squad-nasa only: other specs read squad-gemini's releases. Then the squad
// page shows the Security card and the pulse as the customer mocked them.

test.beforeAll(async ({ request, baseURL }) => {
  await waitForEntity(request, { kind: 'component', name: 'authentication' });
  const { stdout } = await promisify(execFile)(
    'node',
    ['plugins/squad-overview-backend/scripts/demo.js'],
    {
      env: {
        ...process.env,
        DEMO_BASE_URL: baseURL,
        DEMO_CONFIG: 'app-config.yaml:app-config.e2e.yaml',
        DEMO_RELEASE_SERVICES:
          'authentication,product,release-manager,dead-letter',
        DEMO_REPOSITORIES: 'lunarway/authentication',
        DEMO_DEAD_LETTERS: '0',
      },
      timeout: 120_000,
    },
  );
  expect(stdout).toContain('201 release authentication to prod');
  expect(stdout).toContain('202 webhook pull_request opened');
});

test("squad-nasa's Security card shows high and critical CVEs in prod and the change since yesterday", async ({
  page,
}) => {
  await signIn(page, '/catalog/default/group/squad-nasa');
  const card = page.getByRole('region', { name: 'Security' });
  await expect(
    card.getByText(
      'Great job! You have 8 high CVEs fewer than yesterday and 1 critical CVE fewer than yesterday',
    ),
  ).toBeVisible();
  const table = card.getByRole('table', {
    name: 'High and critical CVEs per service in prod',
  });
  await expect(
    table.getByRole('row').filter({ hasText: 'authentication' }),
  ).toContainText('authentication02−10 high, −1 critical');
  await expect(
    table.getByRole('row').filter({ hasText: 'product' }),
  ).toContainText('product05+2 high');

  const pulse = page.getByRole('table', { name: 'Pulse' });
  await expect(
    pulse
      .getByRole('row')
      .filter({
        hasText:
          /authentication master-\S+ released to prod by demo-bot with 2 high vulnerabilities/,
      })
      .first(),
  ).toBeVisible();
  await expect(
    pulse
      .getByRole('row')
      .filter({ hasText: '[demo] Enable Istio Service Mesh' })
      .first(),
  ).toBeVisible();

  await expectNoAxeViolations(page, card);
});

test('a squad whose releases carried no figures is told how to send them', async ({
  page,
}) => {
  // squad-mercury's services (bankaccount, statement) have no releases here.
  await signIn(page, '/catalog/default/group/squad-mercury');
  const card = page.getByRole('region', { name: 'Security' });
  await expect(card.getByText('No vulnerability figures yet')).toBeVisible();
  await expect(
    card.getByText(/POST \/api\/release-status\/releases/).first(),
  ).toBeVisible();
  await expectNoAxeViolations(page, card);
});
