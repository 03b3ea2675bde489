import { expect, test } from '@playwright/test';

import { createSale, newShopper } from './support/api';
import { expectNoSeriousA11yViolations, registerInBrowser, snapBothWidths } from './support/pages';

test.describe("a shopper's whole journey", () => {
  test('register → browse → buy in a flash sale → pay (test mode) → confirmation → My orders', async ({
    page,
    request,
  }) => {
    const sale = await createSale(request, { quantity: 5, salePriceCents: 4_900 });
    const shopper = newShopper('Grace');

    await registerInBrowser(page, shopper);

    // Browse: the catalogue finds the product, then the sales list leads to the sale.
    await page.goto(`/?q=${encodeURIComponent(sale.product.name)}`);
    await expect(page.getByTestId('product-card')).toHaveCount(1);
    await expect(page.getByTestId('product-card')).toContainText(sale.product.name);
    await snapBothWidths(page, 'catalogue');

    await page.getByTestId('product-card').click();
    await expect(page.getByTestId('product-detail')).toContainText(sale.product.name);
    // The product page points to its live flash sale.
    await expect(page.getByTestId('product-flash-sale')).toContainText('$49.00');
    await expect(page.getByTestId('product-flash-sale')).toHaveAttribute('href', `/sales/${sale.id}`);
    await expectNoSeriousA11yViolations(page);
    await snapBothWidths(page, 'product');

    await page.getByRole('link', { name: 'Flash sales' }).click();
    const card = page.getByTestId('sale-card').filter({ hasText: sale.product.name });
    await expect(card).toHaveAttribute('data-phase', 'active');
    await snapBothWidths(page, 'sales');
    await card.click();

    // The sale page: live stock, Buy, then a hold with its timer.
    await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('sale-remaining')).toHaveText('5');
    const buy = page.getByTestId('buy-button');
    await expect(buy).toBeEnabled();
    await snapBothWidths(page, 'sale');

    await buy.click();
    await expect(page.getByTestId('hold')).toBeVisible();
    await expect(page.getByTestId('hold-timer')).toHaveText(/^(09|10):\d\d$/);
    await expect(page.getByTestId('sale-remaining')).toHaveText('4');
    await expect(buy).toBeDisabled();
    await snapBothWidths(page, 'sale-held');

    // Checkout in simulated mode.
    await page.getByTestId('go-to-checkout').click();
    await expect(page.getByTestId('checkout')).toHaveAttribute('data-step', 'ready');
    await expect(page.getByTestId('checkout-total')).toHaveText('$49.00');
    // Making the payment intent may extend the hold by a grace period.
    await expect(page.getByTestId('checkout-hold-timer')).toHaveText(/^(09|1\d):\d\d$/);
    await snapBothWidths(page, 'checkout');

    await page.getByTestId('pay-test-mode').click();

    // The webhook makes the order; the page lands on its confirmation.
    await expect(page).toHaveURL(/\/orders\/[^/?]+\?placed=1$/);
    await expect(page.getByTestId('order-confirmation')).toContainText('Your order is confirmed');
    await expect(page.getByTestId('order')).toContainText(sale.product.name);
    await expect(page.getByTestId('order-total')).toHaveText('$49.00');
    await expect(page.getByTestId('order-status')).toHaveText('Paid');
    await snapBothWidths(page, 'order-confirmation');

    await page.getByRole('link', { name: 'My orders' }).first().click();
    await expect(page).toHaveURL(/\/orders$/);
    const rows = page.getByTestId('order-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(sale.product.name);
    await expect(rows.first()).toContainText('$49.00');
    await snapBothWidths(page, 'orders');
  });

  test('a declined card (test mode) releases the hold and says so; the unit is back on sale', async ({
    page,
    request,
  }) => {
    const sale = await createSale(request, { quantity: 2 });
    await registerInBrowser(page, newShopper('Declined'));

    await page.goto(`/sales/${sale.id}`);
    await page.getByTestId('buy-button').click();
    await expect(page.getByTestId('sale-remaining')).toHaveText('1');
    await page.getByTestId('go-to-checkout').click();
    await expect(page.getByTestId('checkout')).toHaveAttribute('data-step', 'ready');

    await page.getByTestId('pay-decline').click();
    await expect(page.getByTestId('checkout')).toHaveAttribute('data-step', 'declined');
    await expect(page.getByTestId('checkout-outcome')).toContainText('Your card was declined.');
    await expect(page.getByTestId('checkout-outcome')).toContainText('we released your hold');

    await page.getByRole('link', { name: 'Try again' }).click();
    await expect(page).toHaveURL(new RegExp(`/sales/${sale.id}$`));
    await expect(page.getByTestId('sale-remaining')).toHaveText('2');
    await expect(page.getByTestId('buy-button')).toBeEnabled();
  });
});
