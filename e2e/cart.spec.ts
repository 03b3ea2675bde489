import { expect, test } from '@playwright/test';

import { createProduct, newShopper } from './support/api';
import { expectProductImagesLoaded, registerInBrowser, snapBothWidths } from './support/pages';

test('cart: add from the product page, change quantity, see totals, check out into a hold', async ({
  page,
  request,
}) => {
  const product = await createProduct(request, { priceCents: 2_500, stock: 10 });
  await registerInBrowser(page, newShopper('Cart'));

  await page.goto(`/products/${product.id}`);
  await page.getByLabel('Quantity').selectOption('2');
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('added-to-cart')).toContainText('Added 2 to your cart');
  await expect(page.getByTestId('cart-count')).toHaveText('2');

  await page.getByTestId('header-cart').click();
  const line = page.getByTestId('cart-line').filter({ hasText: product.name });
  await expect(line).toBeVisible();
  await expect(line.getByTestId('line-quantity')).toHaveText('2');
  // Cart lines carry no picture: the page shows each product's own.
  await expectProductImagesLoaded(page);
  await expect(page.getByTestId('cart-total')).toHaveText('$50.00');

  await line.getByRole('button', { name: `One more ${product.name}` }).click();
  await expect(line.getByTestId('line-quantity')).toHaveText('3');
  await expect(page.getByTestId('cart-total')).toHaveText('$75.00');
  await expect(page.getByTestId('cart-count')).toHaveText('3');
  await snapBothWidths(page, 'cart');

  await page.getByTestId('cart-checkout').click();
  await expect(page).toHaveURL(/\/checkout\/[^/]+$/);
  await expect(page.getByTestId('checkout-total')).toHaveText('$75.00');
  // The held lines leave the cart.
  await expect(page.getByTestId('cart-count')).toHaveText('0');
});
