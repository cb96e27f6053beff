import { test, expect } from '@playwright/test';
import { authHeaders, signIn } from './support/portal';

// Runs against every database the portal boots on: the test command runs
// this file once on SQLite and once on PostgreSQL.

test('the portal signs a guest in and shows the sidebar', async ({ page }) => {
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
});

test('the catalog API returns the example organisation', async ({
  request,
}) => {
  const headers = await authHeaders(request);
  const count = async (filter: string) => {
    const res = await request.get(
      `/api/catalog/entities/by-query?limit=1&filter=${filter}`,
      { headers },
    );
    expect(res.ok()).toBeTruthy();
    return (await res.json()).totalItems as number;
  };
  // The catalog processes the example files in the background after start.
  await expect
    .poll(() => count('kind=component'), { timeout: 90_000 })
    .toBeGreaterThanOrEqual(30);
  expect(await count('kind=group,spec.type=squad')).toBeGreaterThanOrEqual(10);
  expect(await count('kind=user')).toBeGreaterThanOrEqual(30);
  expect(await count('kind=api')).toBeGreaterThanOrEqual(10);

  const res = await request.get(
    '/api/catalog/entities/by-name/component/default/term-deposit',
    { headers },
  );
  expect(res.ok()).toBeTruthy();
  expect((await res.json()).spec.owner).toBe('squad-gemini');
});
