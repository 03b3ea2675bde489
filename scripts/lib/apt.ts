/**
 * Installing a missing Debian package with apt-get, as root or through `sudo -n` (never a password prompt),
 * for what the two commands need beyond npm: redis-server (services:start) and Chromium (the browser tests).
 */
import { findExecutable, paint, runChecked, ScriptError } from './proc';

export interface AptPackage {
  /** The packages to install, e.g. `['chromium']`. */
  packages: readonly string[];
  /** Pass --no-install-recommends. */
  withoutRecommends?: boolean;
  /** Said when nothing here can install it: what to run instead. */
  cannotInstall: string;
}

/** The command that installs the packages, as a person would type it. */
export function aptCommand({ packages, withoutRecommends }: Omit<AptPackage, 'cannotInstall'>): string {
  const flags = withoutRecommends ? ' --no-install-recommends' : '';
  return `sudo apt-get install -y${flags} ${packages.join(' ')}`;
}

/** apt-get update, then install; a ScriptError with `cannotInstall` when neither root nor `sudo` is at hand. */
export async function aptInstall(request: AptPackage): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? undefined : findExecutable('sudo');
  if ((!asRoot && !sudo) || !findExecutable('apt-get')) throw new ScriptError(request.cannotInstall);
  const apt = (args: string[]): Promise<unknown> =>
    runChecked(sudo ?? 'apt-get', sudo ? ['-n', 'apt-get', ...args] : args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  console.log(paint('gray', `${request.packages.join(' ')} is missing: installing it with apt-get...`));
  await apt(['update']);
  await apt([
    'install',
    '-y',
    ...(request.withoutRecommends ? ['--no-install-recommends'] : []),
    ...request.packages,
  ]);
}
