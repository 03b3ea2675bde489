import { type APIRequestContext, type Page, expect, test } from '@playwright/test';

import { API_URL, createSale, newShopper, registerShopper, reserveAs } from './support/api';
import { expectNoSeriousA11yViolations, registerInBrowser, snapBothWidths } from './support/pages';

const ADMIN = { email: 'admin@flashline.test', password: 'flashline-admin-dev' };

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('header-user')).toContainText('Administrator');
}

/** A reserve of one unit that the API refuses: its error code. */
async function refusedReserve(request: APIRequestContext, token: string, saleId: string): Promise<string> {
  const response = await request.post(`${API_URL}/flash-sales/${saleId}/reservations`, {
    data: { quantity: 1 },
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(409);
  return ((await response.json()) as { error: { code: string } }).error.code;
}

test('an admin watches a sale live, pauses it (reserves refused, shoppers told) and resumes it', async ({
  browser,
  page,
  request,
}) => {
  const sale = await createSale(request, { quantity: 5, perUserLimit: 1 });
  const [first, second] = await Promise.all([
    registerShopper(request, newShopper('Opsa')),
    registerShopper(request, newShopper('Opsb')),
  ]);

  // A shopper watches the sale page in a browser of their own while the admin works.
  const shopperContext = await browser.newContext();
  const shopperPage = await shopperContext.newPage();
  await shopperPage.goto(`/sales/${sale.id}`);
  await expect(shopperPage.getByTestId('stream-state')).toHaveAttribute('data-state', 'live');
  await expect(shopperPage.getByTestId('sale-status')).toHaveText('Live now');

  await signInAsAdmin(page);
  await page.goto('/sales');
  await page.locator(`a[href="/admin/sales/${sale.id}"]`).click();
  await expect(page).toHaveURL(`/admin/sales/${sale.id}`);
  await expect(page.getByTestId('ops-stream')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('ops-remaining')).toHaveText('5');
  await expect(page.getByTestId('ops-held')).toHaveText('0');

  // A shopper reserves through the API: the page follows without a reload.
  await reserveAs(request, first, sale.id);
  await expect(page.getByTestId('ops-remaining')).toHaveText('4');
  await expect(page.getByTestId('ops-held')).toHaveText('1');
  expect(await refusedReserve(request, first, sale.id)).toBe('LIMIT_REACHED');
  await expect(page.getByTestId('ops-rejected-limit_reached')).toHaveText('1');
  await expectNoSeriousA11yViolations(page);

  // Pause: asked first, then the page shows it, and reserves are refused.
  await page.getByTestId('ops-action').click();
  await expect(page.getByText('Pause this sale?')).toBeVisible();
  await page.getByTestId('ops-confirm').click();
  await expect(page.getByTestId('ops-paused')).toHaveText('Paused');
  await expect(page.getByTestId('ops-action')).toHaveText('Resume sale');
  expect(await refusedReserve(request, second, sale.id)).toBe('SALE_NOT_ACTIVE');
  await expect(shopperPage.getByTestId('sale-status')).toHaveText('Paused');
  await expect(shopperPage.getByTestId('buy-button')).toBeDisabled();
  await expect(page.getByTestId('ops-rejected-not_active')).toHaveText('1');
  await expectNoSeriousA11yViolations(page);
  await snapBothWidths(page, 'admin-sale-operations');

  // Resume: the next reserve is taken, and the page counts it.
  await page.getByTestId('ops-action').click();
  await page.getByTestId('ops-confirm').click();
  await expect(page.getByTestId('ops-paused')).toHaveCount(0);
  await expect(shopperPage.getByTestId('sale-status')).toHaveText('Live now');
  await expect(shopperPage.getByTestId('buy-button')).toBeEnabled();
  await shopperContext.close();
  await reserveAs(request, second, sale.id);
  await expect(page.getByTestId('ops-held')).toHaveText('2');
  await expect(page.getByTestId('ops-remaining')).toHaveText('3');
});

test('a shopper who opens the operations page is told it is for admins', async ({ page, request }) => {
  const sale = await createSale(request);
  await registerInBrowser(page, newShopper('Curious'));
  await page.goto(`/admin/sales/${sale.id}`);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Admins only' })).toBeVisible();
});
