import { expect, test } from '@playwright/test';

import { expectProductImagesLoaded, snapBothWidths } from './support/pages';

test.describe('home page', () => {
  test('shows the shop, with the API status in the footer', async ({ page }) => {
    await page.goto('/');

    await expect(page.getByTestId('brand')).toHaveText(/Flashline/);
    await expect(page.getByRole('heading', { name: 'Shop everything' })).toBeVisible();
    const health = page.getByTestId('api-health');
    await expect(health).toHaveAttribute('data-state', 'ok');
    await expect(health).toHaveText('API healthy');
    await expect(page.getByTestId('dependency-mongo')).toHaveAttribute('data-state', 'up');
    await expect(page.getByTestId('dependency-redis')).toHaveAttribute('data-state', 'up');

    // The seeded catalogue (global setup) with its shipped pictures: every card has a loaded image.
    await expect(page.getByTestId('product-card').first()).toBeVisible();
    await expectProductImagesLoaded(page);
    await snapBothWidths(page, 'home');
  });

  test('routes unknown URLs to the not-found page', async ({ page }) => {
    await page.goto('/no-such-page');

    await expect(page.getByTestId('not-found')).toContainText('404');
  });
});
