import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect, Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { contextSignedInAs } from './support/identities';
import { signIn, waitForEntity } from './support/portal';

// The guest (demo-developer, squad-gemini) asks for read access to a database
// owned by squad-mercury; signe-bruun of squad-mercury approves in her own
// session. The grant is a real role on this machine's PostgreSQL
// (databaseAccess.environments.local in app-config.e2e.yaml).
const DATABASE = 'bankaccount-db';
const APPROVER = 'signe-bruun';
const ACCESS_TAB = `/catalog/default/resource/${DATABASE}/access`;

/** Whether the login the portal showed connects and may read (psql). */
function canConnect(uri: URL): boolean {
  try {
    execFileSync(
      'psql',
      [
        '-h',
        uri.hostname,
        '-p',
        uri.port,
        '-U',
        decodeURIComponent(uri.username),
        '-d',
        decodeURIComponent(uri.pathname.slice(1)),
        '-tAc',
        'select current_user',
      ],
      {
        env: {
          ...process.env,
          PGPASSWORD: decodeURIComponent(uri.password),
          PGCONNECT_TIMEOUT: '5',
        },
        stdio: 'pipe',
      },
    );
    return true;
  } catch {
    return false;
  }
}

/** The row of our request in a table (found by the run's unique reason). */
function row(page: Page, table: string, tag: string) {
  return page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ hasText: tag });
}

test('request, approve as the owning squad, show credentials once, revoke, history', async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(240_000);
  await waitForEntity(request, { kind: 'resource', name: DATABASE });
  await waitForEntity(request, { kind: 'user', name: APPROVER });
  const tag = `e2e-${randomBytes(4).toString('hex')}`;
  const reason = `${tag}: check the nightly postings of the ledger for incident review.`;

  await test.step('the guest asks for read access on the Access tab', async () => {
    await signIn(page, ACCESS_TAB);
    await page.getByRole('button', { name: 'Request access' }).click();
    const form = page.getByRole('dialog', {
      name: `Request access to ${DATABASE}`,
    });
    await expect(form).toBeVisible();
    await expect(form.getByLabel('Environment')).toHaveValue('local');
    await form.getByRole('textbox', { name: /Reason/ }).fill('need it');
    await form.getByRole('button', { name: 'Send request' }).click();
    await expect(
      form.getByText(/Say why you need access in at least a sentence/),
    ).toBeVisible();
    await form.getByRole('spinbutton', { name: /Duration/ }).fill('31');
    await form.getByLabel('Unit').selectOption('days');
    await expect(
      form.getByText('Too long: at most 30 days for read access in local.'),
    ).toBeVisible();
    await expectNoAxeViolations(page, form);

    await form.getByLabel('Unit').selectOption('hours');
    await form.getByRole('spinbutton', { name: /Duration/ }).fill('2');
    await form.getByRole('textbox', { name: /Reason/ }).fill(reason);
    await form.getByRole('button', { name: 'Send request' }).click();
    await expect(form).toBeHidden();

    const mine = row(page, 'Grants and requests', tag);
    await expect(mine).toContainText('pending');
    await expect(mine).toContainText('demo-developer');
    await expect(mine).toContainText('2 hours');
    // Nobody approves their own request.
    await expect(mine.getByRole('button', { name: 'Approve' })).toBeDisabled();
    // The tab's own content: the entity page header around it is the catalog's.
    await expectNoAxeViolations(
      page,
      page.getByRole('region', { name: 'Access to this database' }),
    );
  });

  const approverContext = await contextSignedInAs(browser, APPROVER);
  try {
    await test.step(`${APPROVER} (squad-mercury) approves it`, async () => {
      const approver = await approverContext.newPage();
      // She is told through a Backstage notification that links to the request.
      await signIn(approver, '/notifications');
      await approver
        .getByRole('row')
        .filter({ hasText: tag })
        .getByRole('link', {
          name: `Approve read access to ${DATABASE} (local)?`,
        })
        .click();
      await expect(approver).toHaveURL(/\/database-access\?request=/);
      const sent = approver.getByRole('table', {
        name: 'The request you were sent',
      });
      await expect(sent).toContainText(tag);
      const waiting = row(approver, 'Waiting for me', tag);
      await expect(waiting).toContainText('demo-developer');
      await expect(waiting).toContainText(DATABASE);
      // The plugin's page; the sidebar around it is the app's.
      await expectNoAxeViolations(
        approver,
        approver.getByRole('region', { name: 'Database access', exact: true }),
      );
      await waiting.getByRole('button', { name: 'Approve' }).click();
      const confirm = approver.getByRole('dialog', { name: 'Approve access' });
      await expect(confirm).toContainText(reason);
      await confirm
        .getByRole('textbox', { name: /Comment/ })
        .fill('ok for the incident review');
      await confirm.getByRole('button', { name: 'Approve' }).click();
      await expect(waiting).toHaveCount(0);
      await expect(sent).toContainText('active');
    });
  } finally {
    await approverContext.close();
  }

  let login: URL | undefined;
  await test.step('the guest sees the grant and reads the credentials once', async () => {
    // No reload: the decision's notification signals the open tab to reload.
    const granted = row(page, 'Grants and requests', tag);
    await expect(granted).toContainText('active');
    await granted.getByRole('button', { name: 'Show credentials' }).click();
    const dialog = page.getByRole('dialog', {
      name: `Credentials for ${DATABASE}`,
    });
    await expect(dialog).toContainText('Shown once');
    await expect(
      dialog.getByRole('button', { name: 'Copy password' }),
    ).toBeVisible();
    await expectNoAxeViolations(page, dialog);
    const uri = await dialog
      .locator('dt', { hasText: 'Connection URI' })
      .locator('xpath=following-sibling::dd[1]/span')
      .innerText();
    login = new URL(uri);
    expect(decodeURIComponent(login.pathname.slice(1))).toBe(DATABASE);
    expect(canConnect(login)).toBe(true);
    await dialog
      .getByRole('button', { name: 'Done, I have copied it' })
      .click();
    await expect(dialog).toBeHidden();
    await expect(
      granted.getByRole('button', { name: 'Credentials shown' }),
    ).toBeDisabled();
  });

  await test.step('the guest revokes the grant; the login stops working', async () => {
    const granted = row(page, 'Grants and requests', tag);
    await granted.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke access' });
    await confirm
      .getByRole('textbox', { name: /Reason/ })
      .fill('review finished');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await expect(granted).toContainText('revoked');
    await expect(granted).toContainText('review finished');
    await expect
      .poll(() => canConnect(login!), { timeout: 30_000 })
      .toBe(false);
  });

  await test.step('the history shows who had access when, and exports it', async () => {
    await page.goto('/database-access');
    await page.getByRole('tab', { name: 'History' }).click();
    await page
      .getByRole('textbox', { name: 'User', exact: true })
      .fill('demo-developer');
    await page
      .getByRole('combobox', { name: 'Database', exact: true })
      .selectOption({ label: DATABASE });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(
      /tab=history.*user=user%3Adefault%2Fdemo-developer/,
    );
    const entry = row(page, 'Access history', tag);
    await expect(entry).toContainText('demo-developer');
    await expect(entry).toContainText('review finished');
    await expectNoAxeViolations(
      page,
      page.getByRole('region', { name: 'Database access', exact: true }),
    );

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    expect(csv).toContain(tag);
    expect(csv).toContain('user:default/demo-developer');
  });
});
