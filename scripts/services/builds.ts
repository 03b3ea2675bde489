/**
 * Building our Go services into .tools/bin/ (git-ignored) from the Go module proxy: what FerretDB and
 * stripe-mock share. Each service's own build is in its file; Go itself is found by ../lib/go.
 */
import { chmodSync, existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findGo } from '../lib/go';
import { repoRoot, run } from '../lib/proc';

/** Where module sources are copied to when a build needs to edit them. */
export const toolsSrc = join(repoRoot, '.tools', 'src');

/** Makes a tree writable by us (the Go module cache is read-only), so it can be edited or deleted. */
export function makeWritable(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chmodSync(path, stat.mode | (stat.isDirectory() ? 0o700 : 0o600));
  if (stat.isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

export function removeTree(path: string): void {
  if (!existsSync(path)) return;
  makeWritable(path);
  rmSync(path, { recursive: true, force: true });
}

/** Whether an installed binary is the pinned version (by its --version output, or Go's build info). */
export async function installedVersionMatches(
  bin: string,
  version: string,
  how: 'flag' | 'buildinfo',
): Promise<boolean> {
  if (how === 'flag') {
    const result = await run(bin, ['--version'], { output: 'capture' }).catch(() => undefined);
    return result?.code === 0 && result.stdout.includes(`version: ${version}`);
  }
  const go = findGo();
  if (!go) return true; // cannot tell without Go, and cannot rebuild either: keep what is there
  const result = await run(go, ['version', '-m', bin], { output: 'capture' }).catch(() => undefined);
  return (
    result?.code === 0 && new RegExp(`\\s${version.replace(/\./g, '\\.')}(\\s|$)`, 'm').test(result.stdout)
  );
}
