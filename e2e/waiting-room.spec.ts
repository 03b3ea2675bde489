import { type Page, expect, test } from '@playwright/test';

import { SECOND_MS, createSale, newShopper } from './support/api';
import { expectNoSeriousA11yViolations, registerInBrowser, snapBothWidths } from './support/pages';

/** The waiting room's state on a page (`data-line`: waiting_for_draw, waiting, admitted, sold_out…). */
function lineOf(page: Page): Promise<string | null> {
  return page.getByTestId('waiting-room').getAttribute('data-line');
}

/** Counts the page's joins (POST queue): a reload must read the ticket back, never join again. */
function countJoins(page: Page): { readonly count: () => number } {
  let joins = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/api\/flash-sales\/[^/]+\/queue$/.test(request.url())) joins++;
  });
  return { count: () => joins };
}

test('a waiting-room sale: two shoppers join before the start, the draw admits one who buys, the other keeps the place and is told sold out', async ({
  browser,
  request,
}) => {
  // Registering, the draw, one admission a second, the purchase and its webhook: longer than most tests.
  test.setTimeout(150_000);
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const pages = await Promise.all(contexts.map((context) => context.newPage()));
    await registerInBrowser(pages[0], newShopper('Ines'));
    await registerInBrowser(pages[1], newShopper('Jonas'));

    // One unit, one admission a second, opening in a few seconds: both shoppers are early joiners.
    const sale = await createSale(request, {
      quantity: 1,
      startsInMs: 12 * SECOND_MS,
      waitingRoom: { admitPerSecond: 1 },
    });
    expect(sale.waitingRoom).toEqual({ admitPerSecond: 1, admissionSeconds: 120 });

    // Signed in, opening the sale page joins the line: no Buy for anyone before their turn.
    for (const page of pages) {
      await page.goto(`/sales/${sale.id}`);
      await expect(page.getByTestId('waiting-room')).toHaveAttribute('data-line', 'waiting_for_draw');
      await expect(page.getByTestId('line-status')).toHaveText('You are in line');
      await expect(page.getByTestId('waiting-room')).toContainText(
        'The order is drawn at start: joining early gives no edge.',
      );
      await expect(page.getByTestId('buy-button')).toHaveCount(0);
    }

    // A reload before the draw keeps the place: the ticket is read back, not made again.
    const joinsOfFirst = countJoins(pages[0]);
    await pages[0].reload();
    await expect(pages[0].getByTestId('waiting-room')).toHaveAttribute('data-line', 'waiting_for_draw');
    expect(joinsOfFirst.count()).toBe(0);
    await expectNoSeriousA11yViolations(pages[0]);
    await snapBothWidths(pages[0], 'waiting-room-before-draw');

    // The draw at startsAt, then admission: one unit, so exactly one shopper is let in; the other is next.
    await expect
      .poll(async () => (await Promise.all(pages.map(lineOf))).sort(), { timeout: 30_000 })
      .toEqual(['admitted', 'waiting']);
    const lines = await Promise.all(pages.map(lineOf));
    const buyer = pages[lines.indexOf('admitted')];
    const waiter = pages[lines.indexOf('waiting')];

    await expect(buyer.getByTestId('line-status')).toHaveText("It's your turn!");
    await expect(buyer.getByTestId('admission-timer')).toHaveText(/^0[12]:\d\d$/);
    await expect(waiter.getByTestId('line-number')).toHaveText('#2');
    await expect(waiter.getByTestId('line-position')).toHaveText('1');
    await expect(waiter.getByTestId('line-ahead')).toHaveText('0');
    // Nothing in a cart yet: the carts part is hidden (its room kept).
    await expect(waiter.getByTestId('line-left')).toHaveText('1 left');
    await expect(waiter.getByTestId('line-carts')).toBeHidden();
    await expectNoSeriousA11yViolations(waiter);
    await expectNoSeriousA11yViolations(buyer);
    await snapBothWidths(waiter, 'waiting-room-in-line');
    await snapBothWidths(buyer, 'waiting-room-your-turn');

    // A reload after the draw keeps the number and the place.
    const joinsOfWaiter = countJoins(waiter);
    await waiter.reload();
    await expect(waiter.getByTestId('line-number')).toHaveText('#2');
    await expect(waiter.getByTestId('line-position')).toHaveText('1');
    expect(joinsOfWaiter.count()).toBe(0);

    // The admitted shopper buys through the usual flow: hold, checkout, test-mode payment, order.
    await buyer.getByTestId('buy-button').click();
    await expect(buyer.getByTestId('hold')).toBeVisible();
    await expect(buyer.getByTestId('waiting-room')).toHaveAttribute('data-line', 'used');
    // The unit sits in the buyer's cart: the waiter keeps the place and is told why nobody moves.
    await expect(waiter.getByTestId('line-outlook')).toHaveAttribute('data-stock', 'in_carts');
    await expect(waiter.getByTestId('line-left')).toHaveText('0 left');
    await expect(waiter.getByTestId('line-carts')).toHaveText("1 in another shopper's cart");
    await snapBothWidths(waiter, 'waiting-room-in-carts');
    await expect(waiter.getByTestId('waiting-room')).toHaveAttribute('data-line', 'waiting');

    await buyer.getByTestId('go-to-checkout').click();
    await expect(buyer.getByTestId('checkout')).toHaveAttribute('data-step', 'ready');
    await buyer.getByTestId('pay-test-mode').click();
    await expect(buyer).toHaveURL(/\/orders\/[^/?]+\?placed=1$/);
    await expect(buyer.getByTestId('order-confirmation')).toContainText('Your order is confirmed');

    // The last unit sold: the waiter's page says so at once, from the stream, kindly.
    await expect(waiter.getByTestId('waiting-room')).toHaveAttribute('data-line', 'sold_out', {
      timeout: 10_000,
    });
    await expect(waiter.getByTestId('line-sold-out')).toContainText(
      "We're sorry: every unit found a buyer while you waited.",
    );
    await expectNoSeriousA11yViolations(waiter);
    await snapBothWidths(waiter, 'waiting-room-sold-out');
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});

test('a waiting-room sale for a visitor: "Sign in to join the line", then back to the sale, in line', async ({
  page,
  request,
}) => {
  const sale = await createSale(request, { quantity: 3, startsInMs: 60 * SECOND_MS, waitingRoom: {} });
  await page.goto(`/sales/${sale.id}`);
  await expect(page.getByTestId('waiting-room')).toHaveAttribute('data-line', 'out');
  await expect(page.getByTestId('join-line')).toHaveText('Sign in to join the line');
  await expectNoSeriousA11yViolations(page);

  await page.getByTestId('join-line').click();
  await expect(page).toHaveURL(/\/sign-in\?returnUrl=/);
  await registerInBrowser(page, newShopper('Visitor'), `/sales/${sale.id}`);
  await expect(page).toHaveURL(new RegExp(`/sales/${sale.id}$`));
  await expect(page.getByTestId('waiting-room')).toHaveAttribute('data-line', 'waiting_for_draw');

  // Leaving says so, and the shopper may join again.
  await page.getByTestId('leave-line').click();
  await expect(page.getByTestId('line-left')).toContainText('You left the line.');
  await page.getByTestId('join-line').click();
  await expect(page.getByTestId('waiting-room')).toHaveAttribute('data-line', 'waiting_for_draw');
});
