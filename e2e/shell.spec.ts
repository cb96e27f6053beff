import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { authHeaders, openTab, signIn, waitForEntity } from './support/portal';

// The stock shell (PRODUCT.md, C1) against the running portal: sidebar,
// catalog, entity pages, catalog graph, TechDocs, API docs, templates, search
// and the catalog's handling of a broken entity file.

const sidebar = (page: Page) =>
  page.getByRole('navigation', { name: 'sidebar nav' });

/** Builds a doc site through the backend, as opening it in the reader does. */
async function buildDocs(request: APIRequestContext, name: string) {
  const res = await request.get(
    `/api/techdocs/sync/default/component/${name}`,
    { headers: await authHeaders(request), timeout: 120_000 },
  );
  expect(res.ok()).toBeTruthy();
  const events = await res.text();
  expect(events).toContain('event: finish');
}

test('the sidebar has the portal sections in order', async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveTitle(/Lunar Developer Portal/);
  await expect(sidebar(page).getByRole('img', { name: 'Lunar' })).toBeVisible();

  const expected = [
    'Search',
    'Catalog',
    'Tech Docs',
    'API Docs',
    'Dead Letter',
    'Create...',
  ];
  const links = sidebar(page).getByRole('link');
  await expect(links.filter({ hasText: 'Create...' })).toBeVisible();
  const texts = (await links.allInnerTexts()).map(t => t.trim());
  const present = expected.filter(e => texts.includes(e));
  // Dead Letter comes from its own plugin; everything else is the shell's.
  expect(present.filter(e => e !== 'Dead Letter')).toEqual(
    expected.filter(e => e !== 'Dead Letter'),
  );
  const positions = present.map(e => texts.indexOf(e));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  expect(texts.indexOf('Settings')).toBeGreaterThan(texts.indexOf('Create...'));
});

test('the catalog lists components and filters them by owner', async ({
  page,
}) => {
  await signIn(page);
  const table = page.getByRole('table');
  // The guest is a member of squad-gemini: the catalog opens on what it owns.
  await expect(
    page.getByRole('heading', { name: /^Owned Components \(\d+\)$/ }).first(),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'term-deposit', exact: true }),
  ).toBeVisible();
  await page.getByText('All', { exact: true }).first().click();
  const count = page.getByRole('heading', {
    name: /^All Components \((\d+)\)$/,
  });
  await expect(count.first()).toBeVisible();
  const total = Number(
    /\((\d+)\)/.exec((await count.first().innerText()) ?? '')?.[1],
  );
  expect(total).toBeGreaterThanOrEqual(30);
  await expect(
    table.getByRole('link', { name: 'authentication', exact: true }),
  ).toBeVisible();

  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('gemini');
  await page
    .getByRole('option', { name: /gemini/i })
    .first()
    .click();
  await page.keyboard.press('Escape');

  await expect(
    table.getByRole('link', { name: 'term-deposit', exact: true }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'authentication', exact: true }),
  ).toHaveCount(0);
  // Every row left is owned by the squad.
  const owners = await table
    .getByRole('link', { name: /^Squad /i })
    .allInnerTexts();
  expect(owners.length).toBeGreaterThan(0);
  expect(new Set(owners)).toEqual(new Set(['Squad Gemini']));
});

test('an entity page shows its owner and relations', async ({
  page,
  request,
}) => {
  // The portal loads the example catalog in the background after it starts.
  await waitForEntity(request, { kind: 'component', name: 'term-deposit' });
  await signIn(page, '/catalog/default/component/term-deposit');
  await expect(
    page.getByRole('heading', { name: 'term-deposit', exact: true }).first(),
  ).toBeVisible();

  // The header names the owner; the About card links to it.
  const headerOwner = page
    .getByRole('definition')
    .filter({ has: page.getByRole('link', { name: 'squad-gemini' }) });
  await expect(headerOwner.first()).toBeVisible();

  const provided = page.locator('div').filter({
    has: page.getByRole('heading', { name: 'Provided APIs' }),
  });
  await expect(
    provided.getByRole('link', { name: 'term-deposit-http' }).first(),
  ).toBeVisible();
  const dependsOn = page.locator('div').filter({
    has: page.getByRole('heading', { name: 'Depends on components' }),
  });
  await expect(
    dependsOn.getByRole('link', { name: 'bankaccount', exact: true }).first(),
  ).toBeVisible();

  // The owner's page opens on the squad overview; its About tab lists
  // the members and what the squad owns.
  await page.getByRole('link', { name: 'squad-gemini' }).first().click();
  await expect(page).toHaveURL(/\/catalog\/default\/group\/squad-gemini/);
  await openTab(page, 'About');
  await expect(page).toHaveURL(/\/group\/squad-gemini\/about/);
  await expect(
    page.getByRole('heading', { name: /^Squad Gemini members/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /^\d+ SERVICES? Component$/i }),
  ).toBeVisible();
  // Membership and ownership are drawn in the squad's relations graph.
  await expect(
    page.locator('svg text', { hasText: 'term-deposit' }).first(),
  ).toBeVisible();
});

test('the catalog graph draws an entity and its neighbours', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/term-deposit');
  const graphCard = page.locator('div').filter({
    has: page.getByRole('heading', { name: 'Relations' }),
  });
  const svg = graphCard.locator('svg#dependency-graph, svg').first();
  await expect(svg).toBeVisible();
  await expect(
    graphCard.locator('svg text', { hasText: 'bankaccount-grpc' }).first(),
  ).toBeVisible();

  await graphCard.getByRole('link', { name: /view graph/i }).click();
  await expect(page).toHaveURL(/catalog-graph/);
  await expect(
    page.locator('svg text', { hasText: 'term-deposit' }).first(),
  ).toBeVisible();
});

test('a TechDocs page renders with its title', async ({ page, request }) => {
  await buildDocs(request, 'service-lifecycle');
  await signIn(
    page,
    '/docs/default/component/service-lifecycle/runbooks/dead-letters/',
  );
  // The header title comes from site_name in techdocs_metadata.json, which the
  // repository's offline techdocs-core plugin writes.
  await expect(
    page.getByRole('heading', { name: 'Service lifecycle' }).first(),
  ).toBeVisible();

  // The page itself renders inside the reader's shadow root; Playwright's
  // locators pierce open shadow roots.
  const content = page.locator('[data-testid="techdocs-native-shadowroot"]');
  await expect(
    content.getByRole('heading', { name: 'Dead letters are piling up' }),
  ).toBeVisible();
  await expect(content.locator('.admonition.danger')).toBeVisible();
  await expect(content.locator('table').first()).toBeVisible();
  await expect(content.locator('pre code').first()).toBeVisible();
  // The site's own navigation leads to its other pages.
  await content.getByRole('link', { name: 'Decommissioning' }).click();
  await expect(
    content.getByRole('heading', { name: 'Decommissioning', level: 1 }),
  ).toBeVisible();
});

test('an OpenAPI definition renders in API docs', async ({ page }) => {
  await signIn(page, '/api-docs');
  await page
    .getByRole('link', { name: 'term-deposit-http', exact: true })
    .click();
  await expect(page).toHaveURL(/\/catalog\/default\/api\/term-deposit-http/);
  await expect(
    page.locator('.swagger-ui .info .title', { hasText: 'Term Deposit API' }),
  ).toBeVisible();
  await expect(
    page
      .locator('.swagger-ui .opblock-summary-path', { hasText: '/deposits' })
      .first(),
  ).toBeVisible();
});

test('the Create page lists the templates', async ({ page }) => {
  await signIn(page);
  await sidebar(page).getByRole('link', { name: 'Create...' }).click();
  await expect(page).toHaveURL(/\/create/);
  await expect(
    page.getByRole('button', { name: /choose/i }).first(),
  ).toBeVisible();
});

test('search finds a docs page', async ({ page, request }) => {
  // The TechDocs collator indexes sites that have been built.
  await buildDocs(request, 'service-lifecycle');
  const headers = await authHeaders(request);
  await expect
    .poll(
      async () => {
        const res = await request.get(
          '/api/search/query?term=krew&types%5B0%5D=techdocs',
          { headers },
        );
        const body = await res.json();
        return (body.results ?? []).map(
          (r: { document: { title: string } }) => r.document.title,
        );
      },
      { timeout: 90_000, intervals: [2_000, 5_000] },
    )
    .toContain('Renewing certificates manually');

  await signIn(page);
  await sidebar(page).getByRole('link', { name: 'Search' }).click();
  await page.getByRole('textbox').first().fill('krew');
  const result = page
    .getByRole('link', { name: /Renewing certificates manually/ })
    .first();
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(
    /\/docs\/default\/component\/service-lifecycle\/runbooks\/certificates/,
  );
});

test('a broken entity file is a catalog error and the rest still loads', async ({
  request,
}) => {
  const headers = await authHeaders(request);

  // The rest of the example catalog is there.
  const entities = await request.get(
    '/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name&limit=500',
    { headers },
  );
  expect(entities.ok()).toBeTruthy();
  const names = (await entities.json()).items.map(
    (e: { metadata: { name: string } }) => e.metadata.name,
  );
  expect(names).toEqual(
    expect.arrayContaining(['term-deposit', 'authentication', 'dead-letter']),
  );
  expect(names).not.toContain('Invalid Name!');

  // The broken one is recorded with its error, against its file.
  await expect
    .poll(
      async () => {
        const res = await request.get(
          '/api/catalog/entities/unprocessed/pending',
          { headers },
        );
        expect(res.ok()).toBeTruthy();
        const body = await res.json();
        return body.entities
          .filter((e: { location_key?: string }) =>
            e.location_key?.endsWith('catalog/broken/broken-entity.yaml'),
          )
          .flatMap((e: { errors?: { message: string }[] }) =>
            (e.errors ?? []).map(err => err.message),
          )
          .join('\n');
      },
      { timeout: 60_000 },
    )
    .toMatch(/metadata\.name" is not valid/);
});
