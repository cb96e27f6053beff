import { APIRequestContext, Page, expect } from '@playwright/test';

/** Opens the portal and signs in as the guest user, as a person would. */
export async function signIn(page: Page, path = '/') {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  // The <nav> itself has no box of its own; its links do.
  const nav = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });
  // The sign-in page only shows when there is no session yet.
  await expect(enter.or(nav).first()).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(nav).toBeVisible();
}

/** A guest token for calling the backend's APIs directly. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/auth/guest/refresh');
  expect(res.ok()).toBeTruthy();
  const body = await res.json();
  return body.backstageIdentity.token;
}

/** Headers for an authenticated API call as the guest user. */
export async function authHeaders(
  request: APIRequestContext,
): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await guestToken(request)}` };
}

/**
 * Waits until the catalog has an entity: a fresh portal processes the
 * example catalog in the background after it starts.
 */
export async function waitForEntity(
  request: APIRequestContext,
  entityRef: { kind: string; name: string; namespace?: string },
) {
  const headers = await authHeaders(request);
  const { kind, namespace = 'default', name } = entityRef;
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
            { headers },
          )
        ).status(),
      { timeout: 90_000 },
    )
    .toBe(200);
}

/** Opens an entity page's tab (a tab, or a link where the layout draws one). */
export async function openTab(page: Page, name: string) {
  await page
    .getByRole('tab', { name, exact: true })
    .or(page.getByRole('link', { name, exact: true }))
    .first()
    .click();
}
