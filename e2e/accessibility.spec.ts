import { expect, test } from '@playwright/test';

import { createSale, newShopper } from './support/api';
import { expectNoSeriousA11yViolations, registerInBrowser, snapBothWidths } from './support/pages';

test('no serious or critical axe violations on the catalogue, a sale and checkout', async ({
  page,
  request,
}) => {
  const sale = await createSale(request, { quantity: 3 });
  await registerInBrowser(page, newShopper('Axe'));

  await page.goto('/');
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goto(`/sales/${sale.id}`);
  await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'live');
  await expectNoSeriousA11yViolations(page);

  await page.getByTestId('buy-button').click();
  await expect(page.getByTestId('hold')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByTestId('go-to-checkout').click();
  await expect(page.getByTestId('checkout')).toHaveAttribute('data-step', 'ready');
  await expect(page.getByTestId('pay-test-mode')).toBeEnabled();
  await expectNoSeriousA11yViolations(page);
});

test('sign-in, register and not-found pages at phone and desktop widths', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await snapBothWidths(page, 'sign-in');

  await page.goto('/register');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await snapBothWidths(page, 'register');

  await page.goto('/no-such-page');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await snapBothWidths(page, 'not-found');
});
