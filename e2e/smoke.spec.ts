import { test, expect } from '@playwright/test';
import { authHeaders, signIn } from './support/portal';

test('the portal signs a guest in and shows the sidebar', async ({ page }) => {
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: 'Catalog', exact: true })).toBeVisible();
});

test('the catalog API answers with the example organisation', async ({
  request,
}) => {
  const headers = await authHeaders(request);
  const res = await request.get('/api/catalog/entities/by-query?limit=1', {
    headers,
  });
  expect(res.ok()).toBeTruthy();
  const body = await res.json();
  expect(body.totalItems).toBeGreaterThan(0);
});
