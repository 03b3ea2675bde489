import * as path from 'node:path';

import { defineConfig, devices } from '@playwright/test';

/**
 * Browser e2e: starts the built API (port 3100, its own Mongo database and Redis db) and the storefront
 * dev server (port 4300, proxying /api to that API), then drives Debian's Chromium against them.
 * The backing services (Redis, FerretDB, stripe-mock) are started beforehand by `npm run test:e2e`.
 */

const repoRoot = path.resolve(__dirname, '..');
const artifacts = path.join(repoRoot, 'artifacts', 'e2e');

// Overridable so two checkouts on one machine can run their browser tests side by side.
export const API_PORT = Number(process.env.E2E_API_PORT ?? '3100');
const STOREFRONT_PORT = Number(process.env.E2E_STOREFRONT_PORT ?? '4300');
const E2E_REDIS_DB = process.env.E2E_REDIS_DB ?? '14';
const E2E_MONGO_DB = process.env.E2E_MONGO_DB ?? 'flashline_e2e';
const API_URL = `http://127.0.0.1:${API_PORT}`;
const STOREFRONT_URL = `http://127.0.0.1:${STOREFRONT_PORT}`;

/**
 * The API under test: its own databases, rate limits out of the way (every browser and fixture request
 * comes from 127.0.0.1), fast password hashing, and holds as short as 1 s so expiry can be watched.
 */
export const API_ENV: Record<string, string> = {
  PORT: String(API_PORT),
  NODE_ENV: 'test',
  MONGO_URL: `mongodb://127.0.0.1:27017/${E2E_MONGO_DB}`,
  REDIS_URL: `redis://127.0.0.1:6379/${E2E_REDIS_DB}`,
  BCRYPT_ROUNDS: '4',
  STOREFRONT_ORIGIN: STOREFRONT_URL,
  RESERVATION_TTL_MIN_SECONDS: '1',
  RATE_LIMIT_DEFAULT_LIMIT: '1000000',
  RATE_LIMIT_LOGIN_IP_LIMIT: '1000000',
  RATE_LIMIT_LOGIN_EMAIL_LIMIT: '1000000',
  RATE_LIMIT_REGISTER_IP_LIMIT: '1000000',
  RATE_LIMIT_RESERVE_IP_LIMIT: '1000000',
};

export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.spec.ts',
  globalSetup: './support/global-setup.ts',
  globalTeardown: './support/global-teardown.ts',
  outputDir: path.join(artifacts, 'test-results'),
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: 'list',
  // The whole run has a CI budget of about 4 minutes on 2 cores: keep tests short and single-purpose.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: STOREFRONT_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        headless: true,
        launchOptions: {
          // Debian's Chromium (apt-get install chromium): Playwright never downloads a browser here.
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      name: 'api',
      command: 'node dist/apps/api/apps/api/src/main.js',
      cwd: repoRoot,
      url: `${API_URL}/api/health`,
      env: API_ENV,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      name: 'storefront',
      command: `npx ng serve storefront --host 127.0.0.1 --port ${STOREFRONT_PORT}`,
      cwd: repoRoot,
      url: STOREFRONT_URL,
      env: {
        API_URL,
        NG_CLI_ANALYTICS: 'false',
      },
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
