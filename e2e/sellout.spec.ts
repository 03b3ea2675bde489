import { expect, test } from '@playwright/test';

import { createSale, newShopper } from './support/api';
import { registerInBrowser, snapBothWidths } from './support/pages';

test('a sale that sells out while others watch: live count to 0, Buy disabled, a late click is told "sold out"', async ({
  browser,
  request,
}) => {
  const sale = await createSale(request, { quantity: 1 });
  const url = `/sales/${sale.id}`;

  const buyerContext = await browser.newContext();
  const watcherContext = await browser.newContext();
  const lateContext = await browser.newContext();
  try {
    const buyer = await buyerContext.newPage();
    const watcher = await watcherContext.newPage();
    const late = await lateContext.newPage();
    await registerInBrowser(buyer, newShopper('Buyer'));
    await registerInBrowser(watcher, newShopper('Watcher'));
    await registerInBrowser(late, newShopper('Late'));

    // The late shopper's page gets no live updates: it still believes there is one left.
    await late.route('**/api/flash-sales/*/events', (route) => route.abort());

    for (const page of [buyer, watcher, late]) {
      await page.goto(url);
      await expect(page.getByTestId('sale-remaining')).toHaveText('1');
      await expect(page.getByTestId('buy-button')).toBeEnabled();
    }
    await expect(watcher.getByTestId('stream-state')).toHaveAttribute('data-state', 'live');

    await buyer.getByTestId('buy-button').click();
    await expect(buyer.getByTestId('hold')).toBeVisible();

    // The watcher sees it happen without reloading.
    await expect(watcher.getByTestId('sale-remaining')).toHaveText('0');
    await expect(watcher.getByTestId('buy-button')).toBeDisabled();
    await expect(watcher.getByTestId('buy-button')).toHaveText('Sold out');
    await expect(watcher.getByTestId('sale-status')).toHaveText('Sold out');
    await snapBothWidths(watcher, 'sale-sold-out');

    // The stale page still offers Buy; the API says no, and the page says why.
    await expect(late.getByTestId('sale-remaining')).toHaveText('1');
    await late.getByTestId('buy-button').click();
    await expect(late.getByTestId('purchase-error')).toContainText('Sold out');
    await expect(late.getByTestId('purchase-error')).toContainText('This flash sale is sold out.');
    await expect(late.getByTestId('sale-remaining')).toHaveText('0');
    await expect(late.getByTestId('buy-button')).toBeDisabled();
  } finally {
    await Promise.all([buyerContext.close(), watcherContext.close(), lateContext.close()]);
  }
});
