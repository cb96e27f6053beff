import { execFileSync } from 'node:child_process';
import { test, expect, Page } from '@playwright/test';
import { parse as parseYaml } from 'yaml';
import { authHeaders, signIn } from './support/portal';

// Where the portal publishes (scaffolder.localGit.baseDir in app-config.e2e.yaml).
const GIT_REPOS = process.env.LUNAR_E2E_GIT_REPOS ?? '/tmp/lunar-e2e-git-repos';

/** The card of one template on the Create page: its title and its Choose button. */
const templateCard = (page: Page, title: string) =>
  page
    .locator('div')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();

test('the Create page lists the golden paths with owners and tags', async ({
  page,
}) => {
  await signIn(page, '/create');
  for (const [title, owner, tags] of [
    ['Go Service', 'squad-gemini', ['go', 'service']],
    ['Go lib', 'squad-nasa', ['go', 'library']],
    ['Infrastructure Service', 'squad-nasa', ['kubernetes', 'infrastructure']],
  ] as const) {
    const card = templateCard(page, title);
    await expect(card).toBeVisible();
    await expect(card.locator(`a[href$="/group/${owner}"]`)).toBeVisible();
    for (const tag of tags) {
      await expect(card.getByText(tag, { exact: true }).first()).toBeVisible();
    }
  }
});

test('a new Go service goes from the form to the catalog with its docs and repository', async ({
  page,
  request,
}) => {
  const name = `e2e-svc-${Date.now().toString(36)}`;
  await signIn(page, '/create');
  // The squads come from the catalog, which fills in the background.
  const headers = await authHeaders(request);
  await expect
    .poll(
      async () =>
        (
          await request.get(
            '/api/catalog/entities/by-name/group/default/squad-nasa',
            { headers },
          )
        ).status(),
      { timeout: 90_000 },
    )
    .toBe(200);

  await templateCard(page, 'Go Service')
    .getByRole('button', { name: 'Choose' })
    .click();

  // Step 1: a badly formed name and a taken name are refused on the form.
  const nameField = page.getByRole('textbox', { name: 'Name' });
  const nameError = page.locator('#root_name__error');
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Created by the end-to-end test');
  await nameField.fill('Not Valid');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(nameError).toContainText('must match pattern');
  await nameField.fill('card-clearing');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(nameError).toHaveText(
    "A component named 'card-clearing' already exists (owned by squad-ranger). Choose another name.",
  );
  await nameField.fill(name);
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: owner (squads only), namespace, auto-release environments.
  // No owner: the browser refuses the form ("Please fill out this field").
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await page.getByRole('button', { name: 'Review' }).click();
  expect(
    await owner.evaluate((el: HTMLInputElement) => el.validity.valueMissing),
  ).toBe(true);
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await owner.click();
  // Only squads are offered, not tribes or the organisation.
  await expect(page.getByRole('option').first()).toBeVisible();
  await expect(page.getByRole('option', { name: /tribe/i })).toHaveCount(0);
  await owner.fill('nasa');
  await page.getByRole('option', { name: /squad.nasa/i }).click();
  await page
    .getByRole('textbox', { name: 'Kubernetes namespace' })
    .fill('bank');
  await expect(page.getByRole('checkbox', { name: 'dev' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'prod' }).check();
  await page.getByRole('button', { name: 'Review' }).click();

  // Review, then Create; time until the new service's page shows it.
  const started = Date.now();
  await page.getByRole('button', { name: 'Create' }).click();
  const open = page.getByRole('link', { name: 'Open in catalog' });
  await expect(open).toBeVisible({ timeout: 90_000 });
  const taskDone = Date.now();
  await open.click();
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  await expect(
    page.locator('a[href$="/group/squad-nasa"]').first(),
  ).toBeVisible();
  const shown = Date.now();
  test.info().annotations.push({
    type: 'timing',
    description: `Create -> task completed: ${
      taskDone - started
    } ms; Create -> component page: ${shown - started} ms`,
  });
  // eslint-disable-next-line no-console
  console.log(
    `[templates] Create -> task done ${
      taskDone - started
    } ms, -> component page ${shown - started} ms`,
  );

  // Its documentation builds from the published checkout and renders.
  await page.getByRole('link', { name: 'TechDocs', exact: true }).click();
  await expect(
    page.getByText('Created by the end-to-end test').first(),
  ).toBeVisible({ timeout: 90_000 });
  await expect(
    page.getByRole('heading', { name: 'Getting started' }),
  ).toBeVisible();

  // The published repository: one commit with the generated files.
  const repo = `${GIT_REPOS}/${name}.git`;
  expect(git(repo, 'rev-list', '--count', 'main')).toBe('1');
  const files = git(repo, 'ls-tree', '-r', '--name-only', 'main').split('\n');
  expect(files).toEqual(
    expect.arrayContaining([
      '.github/workflows/ci.yaml',
      'catalog-info.yaml',
      'cmd/main.go',
      'docs/index.md',
      'go.mod',
      'mkdocs.yml',
      'release-policies.json',
      'shuttle.yaml',
    ]),
  );
  // Templated values are quoted in the YAML; what matters is the value.
  expect(parseYaml(git(repo, 'show', 'main:shuttle.yaml')).vars.squad).toBe(
    'nasa',
  );
  const policies = JSON.parse(git(repo, 'show', 'main:release-policies.json'));
  expect(
    policies.autoReleases.map((r: { environment: string }) => r.environment),
  ).toEqual(['dev', 'prod']);
});
