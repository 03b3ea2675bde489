/**
 * Vitest settings the Angular unit-test builder cannot express (`runnerConfig` in angular.json).
 *
 * angular.json's `browsers: ["ChromiumHeadless"]` puts the storefront's unit tests in Vitest browser mode with
 * the Playwright provider, but the builder builds that provider itself and passes it no launch options
 * (angular/angular-cli#33115): it would look for a browser Playwright downloaded, which never happens here.
 * This plugin gives the provider Debian's Chromium and the flags a closed network needs.
 */
import { playwright } from '@vitest/browser-playwright';
import { type Plugin, defineConfig } from 'vitest/config';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere if needed. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Without the networking flags Chromium keeps dialling Google's services at start-up, which a closed
 * network refuses; without --no-sandbox it cannot start as root (CI).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function debianChromium(): Plugin {
  return {
    name: 'flashline:debian-chromium',
    config(config) {
      const browser = config.test?.browser;
      if (!browser?.enabled) return;
      browser.provider = playwright({
        launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] },
        // As the builder's own provider: follow the page's `prefers-color-scheme` instead of forcing light.
        contextOptions: { colorScheme: null },
      });
      // Failure screenshots would land next to the specs in src/; the assertion message says enough.
      browser.screenshotFailures = false;
      // Instance-level providers (the builder adds one when CHROME_BIN is set) would win over ours.
      for (const instance of browser.instances ?? []) delete instance.provider;
    },
  };
}

export default defineConfig({
  plugins: [debianChromium()],
});
