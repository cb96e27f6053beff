import { test, expect, Page } from '@playwright/test';
import { signIn, waitForEntity } from './support/portal';

// The example catalog's shuttle.yaml files, as a developer meets them on the
// entity pages: the Build card of a service, a stale shuttle.yaml that
// disagrees with catalog-info.yaml, and repositories that have only a
// shuttle.yaml (catalog/shuttle-repos), one of them broken.

const buildCard = (page: Page) =>
  page.locator('article, .MuiCard-root').filter({
    has: page.getByText('From shuttle.yaml', { exact: true }),
  });

async function openComponent(page: Page, name: string) {
  await signIn(page, `/catalog/default/component/${name}`);
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
}

test('a service shows its plan, ref and vars on the Build card', async ({
  page,
  request,
}) => {
  await waitForEntity(request, { kind: 'component', name: 'term-deposit' });
  await openComponent(page, 'term-deposit');

  const card = buildCard(page);
  await expect(card.getByText('Build', { exact: true })).toBeVisible();
  // A git plan links to the plan repository at the pinned ref
  const plan = card.getByRole('link', {
    name: 'https://github.com/lunarway/lw-shuttle-go-plan.git',
  });
  await expect(plan).toBeVisible();
  await expect(plan).toHaveAttribute(
    'href',
    'https://github.com/lunarway/lw-shuttle-go-plan/tree/v2',
  );
  await expect(card.getByRole('row', { name: /^ref\s+v2$/i })).toBeVisible();
  // The vars, as shuttle.yaml has them
  await expect(card.getByRole('row', { name: /squad\s+gemini/ })).toBeVisible();
  await expect(
    card.getByRole('row', { name: /domain\s+bankaccount/ }),
  ).toBeVisible();
  await expect(card.getByRole('row', { name: /^db\s+true$/ })).toBeVisible();
  // The owner came from vars.squad
  await expect(
    page.getByRole('link', { name: 'squad-gemini' }).first(),
  ).toBeVisible();
});

test('a shuttle.yaml that disagrees with catalog-info.yaml is a warning on the page', async ({
  page,
  request,
}) => {
  await waitForEntity(request, { kind: 'component', name: 'exchange-rate' });
  await openComponent(page, 'exchange-rate');

  const card = buildCard(page);
  await expect(card.getByText('shuttle.yaml: 1 warning')).toBeVisible();
  await expect(
    card.getByText(
      /Owner disagreement: catalog-info.yaml says squad-juno, shuttle.yaml says squad "orion"/,
    ),
  ).toBeVisible();
  // catalog-info.yaml wins
  await expect(
    page.getByRole('link', { name: 'squad-juno' }).first(),
  ).toBeVisible();
});

test('a repository with only a shuttle.yaml is in the catalog, and a broken one shows why', async ({
  page,
  request,
}) => {
  await waitForEntity(request, { kind: 'component', name: 'fx-gateway' });
  await openComponent(page, 'fx-gateway');
  let card = buildCard(page);
  await expect(
    card.getByRole('row', { name: /^ref\s+v3\.4\.1$/i }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'squad-orion' }).first(),
  ).toBeVisible();

  await waitForEntity(request, {
    kind: 'component',
    name: 'statement-archive',
  });
  await openComponent(page, 'statement-archive');
  card = buildCard(page);
  await expect(card.getByText('shuttle.yaml could not be used')).toBeVisible();
  await expect(card.getByText(/variables/).first()).toBeVisible();
});
