import { test, expect, APIRequestContext } from '@playwright/test';
import { authHeaders, signIn } from './support/portal';

// The example catalog's gRPC APIs (catalog/apis/*-grpc.proto) mark fields
// that carry personal data with `[(gdpr_sensitive) = true]`. An auditor
// narrows the API Docs list to the APIs that carry personal data (the tag the
// catalog module sets), opens one, and sees which fields they are.

const WITH_PERSONAL_DATA = [
  'bankaccount-grpc',
  'credit-check-grpc',
  'payment-grpc',
];

/** The catalog processes the example files in the background after start. */
async function waitForPersonalDataTags(request: APIRequestContext) {
  const headers = await authHeaders(request);
  await expect
    .poll(
      async () => {
        const res = await request.get(
          '/api/catalog/entities/by-query?filter=kind=api,metadata.tags=personal-data&limit=100',
          { headers },
        );
        if (!res.ok()) {
          return [];
        }
        const body = await res.json();
        return body.items.map((e: any) => e.metadata.name).sort();
      },
      { timeout: 90_000 },
    )
    .toEqual(expect.arrayContaining(WITH_PERSONAL_DATA));
}

test('the API Docs list narrows to the APIs that carry personal data, and one shows its fields', async ({
  page,
  request,
}) => {
  await waitForPersonalDataTags(request);
  await signIn(page, '/api-docs');

  const list = page.getByRole('table').filter({ hasText: 'bankaccount-grpc' });
  await expect(
    list.getByRole('link', { name: 'exchange-rate-grpc' }),
  ).toBeVisible();

  // Tags → personal-data
  await page.getByRole('textbox', { name: 'Tags' }).click();
  await page.getByRole('option', { name: 'personal-data' }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(
    /filters%5Btags%5D=personal-data|filters\[tags\]=personal-data/,
  );

  for (const name of WITH_PERSONAL_DATA) {
    await expect(list.getByRole('link', { name, exact: true })).toBeVisible();
  }
  // No personal data: filtered out (gRPC and the other kinds of API alike)
  await expect(
    list.getByRole('link', { name: 'exchange-rate-grpc' }),
  ).toHaveCount(0);
  await expect(
    list.getByRole('link', { name: 'term-deposit-http' }),
  ).toHaveCount(0);

  // One API: the Personal data card beside About lists the fields
  await list
    .getByRole('link', { name: 'bankaccount-grpc', exact: true })
    .click();
  await expect(
    page
      .getByRole('heading', { name: 'bankaccount-grpc', exact: true })
      .first(),
  ).toBeVisible();
  await expect(
    page.getByText('3 fields in 2 messages, marked (gdpr_sensitive)'),
  ).toBeVisible();
  await expect(
    page
      .getByRole('list', { name: 'Personal data in Account' })
      .getByRole('listitem')
      .filter({ hasText: 'iban' }),
  ).toContainText('Danish registration and account number.');

  // Its definition, rendered from the .proto: the badge on iban
  await page.getByRole('button', { name: 'Documentation' }).click();
  await page.getByRole('menuitemradio', { name: 'Definition' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/api\/bankaccount-grpc\/definition/,
  );
  const account = page.getByRole('region', {
    name: 'message Account',
    exact: true,
  });
  await expect(account).toBeVisible();
  const iban = account.getByRole('row').filter({ hasText: 'iban' });
  await expect(iban.getByText('Personal data', { exact: true })).toBeVisible();
  await expect(iban).toContainText('Danish registration and account number.');
  // A field without the option has no badge
  await expect(
    account
      .getByRole('row')
      .filter({ hasText: 'owner_user_id' })
      .getByText('Personal data'),
  ).toHaveCount(0);

  // The raw .proto is one click away
  await page.getByRole('tab', { name: 'Raw' }).click();
  await expect(
    page.getByText('string iban = 4 [(gdpr_sensitive) = true];').first(),
  ).toBeVisible();
});

test('an API without personal data says so', async ({ page, request }) => {
  await waitForPersonalDataTags(request);
  await signIn(page, '/catalog/default/api/exchange-rate-grpc');
  await expect(
    page
      .getByText('No personal data: no field is marked (gdpr_sensitive).')
      .first(),
  ).toBeVisible();
});
