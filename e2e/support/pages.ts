import * as path from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';

import { type Shopper } from './api';

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e', 'screens');

export const MOBILE = { width: 360, height: 780 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/** Registers through the storefront's form and waits until the header shows the shopper. */
export async function registerInBrowser(page: Page, shopper: Shopper, returnUrl?: string): Promise<void> {
  await page.goto(returnUrl ? `/register?returnUrl=${encodeURIComponent(returnUrl)}` : '/register');
  await page.getByLabel('Name').fill(shopper.name);
  await page.getByLabel('Email').fill(shopper.email);
  await page.getByLabel('Password').fill(shopper.password);
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('header-user')).toContainText(shopper.name);
}

export async function signInInBrowser(page: Page, shopper: Shopper): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(shopper.email);
  await page.getByLabel('Password').fill(shopper.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('header-user')).toContainText(shopper.name);
}

/** A full-page screenshot at 360 px and at desktop width (artifacts/e2e/screens/<name>-<width>.png). */
export async function snapBothWidths(page: Page, name: string): Promise<void> {
  const original = page.viewportSize() ?? DESKTOP;
  for (const size of [MOBILE, DESKTOP]) {
    await page.setViewportSize(size);
    // A full-page picture shows what is below the fold too: load the lazy images the browser skipped.
    await page.evaluate(
      `Promise.all([...document.images].map((img) => { img.loading = 'eager'; return img.decode().catch(() => undefined); }))`,
    );
    // Let layout settle (fonts, images and the resize) before the picture.
    await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
    );
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, `${name}-${size.width}.png`),
      fullPage: true,
      animations: 'disabled',
    });
  }
  await page.setViewportSize(original);
}

/** No serious or critical WCAG 2 A/AA violation on the page as it is now. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  expect(serious).toEqual([]);
}

/** The fields of an `<img>` read here (this tsconfig has no DOM types). */
interface LoadedImage {
  readonly complete: boolean;
  readonly naturalWidth: number;
}

/** The product pictures on the page load: the first one decodes, and none fell back to the placeholder. */
export async function expectProductImagesLoaded(page: Page): Promise<void> {
  const first = page.locator('fl-product-image img').first();
  await expect(first).toBeVisible();
  await expect
    .poll(() =>
      first.evaluate((element) => {
        const image = element as unknown as LoadedImage;
        return image.complete && image.naturalWidth > 0;
      }),
    )
    .toBe(true);
  await expect(page.locator('fl-product-image .placeholder')).toHaveCount(0);
}
