/**
 * The browser the storefront's unit tests and the e2e tests launch: Debian's Chromium, /usr/bin/chromium
 * (CHROMIUM_PATH points elsewhere). npm never downloads a browser (see docs/development.md).
 *
 *   tsx scripts/browser.ts    run by `npm run test:storefront` and `npm run test:e2e` (so by `npm test`) first
 *
 * Silent when the browser is there. When Debian's is missing, installs it with apt-get (as root or through
 * `sudo -n`), as services:start installs redis-server; where that cannot run, fails at once, before any test,
 * with the one command that fixes it, instead of the test runner's "executable doesn't exist".
 */
import { accessSync, constants } from 'node:fs';
import { aptCommand, aptInstall, type AptPackage } from './lib/apt';
import { errorMessage, paint, ScriptError } from './lib/proc';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_PACKAGE: Omit<AptPackage, 'cannotInstall'> = {
  packages: ['chromium'],
  withoutRecommends: true,
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser's path, installed first when it is Debian's and missing. */
export async function ensureChromium(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const wanted = env['CHROMIUM_PATH'] || DEBIAN_CHROMIUM;
  if (isExecutable(wanted)) return wanted;
  const fix = aptCommand(CHROMIUM_PACKAGE);
  if (wanted !== DEBIAN_CHROMIUM) {
    throw new ScriptError(
      `CHROMIUM_PATH=${wanted} is not an executable. Point it at a Chromium, or unset it and run: ${fix}`,
    );
  }
  const cannot = `Chromium (${DEBIAN_CHROMIUM}) is missing; the storefront and e2e tests need it. Run: ${fix}`;
  try {
    await aptInstall({ ...CHROMIUM_PACKAGE, cannotInstall: cannot });
  } catch (err) {
    if (err instanceof ScriptError && err.message === cannot) throw err;
    throw new ScriptError(`${cannot}\n(installing it here failed: ${errorMessage(err)})`);
  }
  if (!isExecutable(DEBIAN_CHROMIUM)) {
    throw new ScriptError(`apt-get installed chromium but ${DEBIAN_CHROMIUM} is not there. Run: ${fix}`);
  }
  return DEBIAN_CHROMIUM;
}

if (require.main === module) {
  ensureChromium().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(paint('red', `browser: ${errorMessage(err)}`));
      process.exit(err instanceof ScriptError ? err.exitCode : 1);
    },
  );
}
