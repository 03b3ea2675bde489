import { expect, test } from '@playwright/test';

import { newShopper } from './support/api';
import { registerInBrowser, signInInBrowser } from './support/pages';

test.describe('session', () => {
  test('a reload keeps the shopper signed in (refresh cookie), and sign out ends it', async ({ page }) => {
    const shopper = newShopper('Reload');
    await registerInBrowser(page, shopper);

    // Nothing a script could steal is kept in web storage or readable cookies: the only cookies are the
    // httpOnly refresh cookie, scoped to the auth routes, and the device cookie that lets this browser keep
    // signing in to this account while strangers are throttled (docs/auth.md), scoped to the login route.
    const state = await page.context().storageState();
    expect(state.origins.flatMap((origin) => origin.localStorage)).toEqual([]);
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual([]);
    expect(await page.evaluate('document.cookie')).toBe('');
    const cookies = state.cookies
      .map(({ name, httpOnly, path, sameSite }) => ({
        name: name.startsWith('flashline_device_') ? 'flashline_device_*' : name,
        httpOnly,
        path,
        sameSite,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(cookies).toEqual([
      { name: 'flashline_device_*', httpOnly: true, path: '/api/auth/login', sameSite: 'Strict' },
      { name: 'flashline_refresh', httpOnly: true, path: '/api/auth', sameSite: 'Strict' },
    ]);

    await page.reload();
    await expect(page.getByTestId('header-user')).toContainText(shopper.name);
    await page.goto('/orders');
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole('heading', { name: 'My orders' })).toBeVisible();

    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('header-sign-in')).toBeVisible();
    await expect(page.getByTestId('header-user')).toHaveCount(0);

    await page.reload();
    await expect(page.getByTestId('header-sign-in')).toBeVisible();
    await page.goto('/orders');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Forders$/);

    // Signing in again goes back where the shopper was headed.
    await page.getByLabel('Email').fill(shopper.email);
    await page.getByLabel('Password').fill(shopper.password);
    await page.getByTestId('sign-in-submit').click();
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByTestId('header-user')).toContainText(shopper.name);
  });

  test('wrong credentials show the API message', async ({ page }) => {
    const shopper = newShopper('Typo');
    await registerInBrowser(page, shopper);
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('header-sign-in')).toBeVisible();

    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(shopper.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('auth-error')).toBeVisible();
    await expect(page.getByTestId('header-sign-in')).toBeVisible();

    await signInInBrowser(page, shopper);
  });
});
