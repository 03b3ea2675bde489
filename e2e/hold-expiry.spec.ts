import { expect, test } from '@playwright/test';

import { createSale, newShopper } from './support/api';
import { registerInBrowser } from './support/pages';

test('a hold that lapses shows "expired" and its unit comes back on the sale page', async ({
  page,
  request,
}) => {
  const sale = await createSale(request, { quantity: 3, reservationTtlSeconds: 2 });
  await registerInBrowser(page, newShopper('Hesitant'));

  await page.goto(`/sales/${sale.id}`);
  await expect(page.getByTestId('sale-remaining')).toHaveText('3');
  await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'live');

  await page.getByTestId('buy-button').click();
  await expect(page.getByTestId('hold-timer')).toHaveText(/^00:0[12]$/);
  await expect(page.getByTestId('sale-remaining')).toHaveText('2');

  await expect(page.getByTestId('hold-expired')).toContainText('Your hold expired', { timeout: 10_000 });
  // The API's reaper releases the unit and the event stream brings the count back.
  await expect(page.getByTestId('sale-remaining')).toHaveText('3', { timeout: 10_000 });
  await expect(page.getByTestId('buy-button')).toBeEnabled();
  await expect(page.getByTestId('buy-button')).toHaveText('Buy now');
});
