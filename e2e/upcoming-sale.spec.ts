import { expect, test } from '@playwright/test';

import { createSale, newShopper } from './support/api';
import { registerInBrowser, snapBothWidths } from './support/pages';

test('an upcoming sale counts down and its Buy button enables itself when the sale opens', async ({
  page,
  request,
}) => {
  await registerInBrowser(page, newShopper('Early'));
  const sale = await createSale(request, { startsInMs: 5_000, quantity: 2 });
  const startsAt = Date.parse(sale.startsAt);

  await page.goto(`/sales/${sale.id}`);
  await expect(page.getByTestId('sale')).toHaveAttribute('data-phase', 'upcoming');
  await expect(page.getByTestId('sale-status')).toHaveText('Upcoming');
  await expect(page.getByTestId('sale-countdown')).toHaveText(/^00:0[1-5]$/);
  const buy = page.getByTestId('buy-button');
  await expect(buy).toBeDisabled();
  await expect(buy).toHaveText('Opens soon');
  await snapBothWidths(page, 'sale-upcoming');

  // Nobody reloads: the page flips on its own at startsAt (server clock).
  await expect(buy).toBeEnabled({ timeout: 10_000 });
  const enabledAt = Date.now();
  // The browser and the API share this machine's clock: never before the sale opens (a 250 ms Date-header
  // rounding margin), and soon after, by the countdown itself (a busy machine may be slow to report it).
  expect(enabledAt).toBeGreaterThanOrEqual(startsAt - 250);
  expect(enabledAt).toBeLessThan(startsAt + 5_000);
  await expect(buy).toHaveText('Buy now');
  await expect(page.getByTestId('sale-status')).toHaveText('Live now');
  await expect(page.getByTestId('sale-countdown')).toHaveCount(0);

  // And the API agrees the sale is open.
  await buy.click();
  await expect(page.getByTestId('hold')).toBeVisible();
});
