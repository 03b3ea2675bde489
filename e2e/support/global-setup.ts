import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { API_ENV } from '../playwright.config';

const run = promisify(execFile);

/**
 * The e2e database starts with the demo catalogue `npm start` gives a person (the seed is idempotent), so
 * the catalogue and its screenshots show the shop as shoppers see it; each test still makes its own data.
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  await run(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/seed.ts'], {
    cwd: root,
    env: { ...process.env, MONGO_URL: API_ENV.MONGO_URL },
  });
}
