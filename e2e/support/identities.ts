import { Browser, BrowserContext } from '@playwright/test';

/**
 * A browser context signed in as a catalog user other than the guest. The
 * portal started by the tests also has the oauth2-proxy sign-in provider
 * (app-config.e2e.yaml only): it signs in the user named by the
 * x-forwarded-user header. This context plays the proxy: it sends the header
 * and sends the sign-in page's proxied sign-in (the Enter button, which asks
 * /api/auth/guest/refresh) to the oauth2Proxy provider instead. The session
 * is the real auth backend's token for that user, with the ownership the
 * catalog gives them.
 */
export async function contextSignedInAs(
  browser: Browser,
  userName: string,
): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route('**/api/auth/guest/refresh*', async route => {
    const url = route.request().url().replace('/guest/', '/oauth2Proxy/');
    const response = await route.fetch({
      url,
      headers: { ...route.request().headers(), 'x-forwarded-user': userName },
    });
    await route.fulfill({ response });
  });
  return context;
}

/** A token of that user for direct API calls, from the same provider. */
export async function tokenOf(
  context: BrowserContext,
  userName: string,
): Promise<string> {
  const res = await context.request.get('/api/auth/oauth2Proxy/refresh', {
    headers: { 'x-forwarded-user': userName },
  });
  if (!res.ok()) {
    throw new Error(
      `sign-in as ${userName} failed: ${res.status()} ${await res.text()}`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}
