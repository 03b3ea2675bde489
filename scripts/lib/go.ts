/**
 * Building our Go tools (FerretDB, stripe-mock, docker-lint) into .tools/bin/: where Go is and the
 * environment every build uses.
 */
import { join } from 'node:path';
import { findExecutable, repoRoot, ScriptError } from './proc';

/** Where the built tools live (git-ignored). */
export const toolsBin = join(repoRoot, '.tools', 'bin');

/** Go on PATH or in /usr/local/go/bin, or undefined. */
export function findGo(): string | undefined {
  return findExecutable('go', ['/usr/local/go/bin']);
}

/** Go, or a ScriptError saying what it was needed for. */
export function goBinary(purpose: string): string {
  const go = findGo();
  if (!go) {
    throw new ScriptError(
      `Go is needed to build ${purpose} into .tools/bin/, and \`go\` is not on PATH (nor in /usr/local/go/bin).\n` +
        'Install Go (https://go.dev/dl/) and run this again.',
    );
  }
  return go;
}

/** Go's environment for our builds: its own caches untouched, no toolchain download, no VCS stamping. */
export function goEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false', GOTOOLCHAIN: 'local', ...extra };
}
