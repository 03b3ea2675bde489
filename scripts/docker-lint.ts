/**
 * `npm run lint:docker`: checks the Docker packaging (docker/compose.yml and docker/*.Dockerfile).
 *
 * 1. Always: `.tools/bin/docker-lint` (tools/docker-lint, built here from the Go module proxy when missing or
 *    older than its sources) loads the compose file with compose-go, the loader `docker compose` uses
 *    (interpolation, schema validation, consistency: every depends_on names a service, every build's
 *    Dockerfile exists), and runs BuildKit's Dockerfile parser and lint rules over every Dockerfile.
 *    Lint rules print warnings; a file Docker would refuse fails the step.
 * 2. When a docker client with the compose plugin is present: `docker compose -f docker/compose.yml
 *    config --quiet` as well.
 *
 * Both interpolate docker/.env.example, with its empty required secrets filled by placeholders (they are
 * empty on purpose: compose refuses to start until they are set).
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goBinary, goEnv, toolsBin } from './lib/go';
import {
  errorMessage,
  findExecutable,
  formatDuration,
  paint,
  repoRoot,
  run,
  runChecked,
  ScriptError,
} from './lib/proc';

const TOOL_SOURCE = join(repoRoot, 'tools', 'docker-lint');
const TOOL_BIN = join(toolsBin, 'docker-lint');
const DOCKER_DIR = join(repoRoot, 'docker');
const COMPOSE_FILE = 'docker/compose.yml';
const ENV_EXAMPLE = join(DOCKER_DIR, '.env.example');
/** What an empty required variable of the example becomes (letters and digits: it goes into a URL). */
const PLACEHOLDER = 'lintplaceholder0123456789abcdef0123456789';

function note(message: string): void {
  console.log(paint('gray', message));
}

/** A hash of the tool's sources: the binary carries the one it was built from (`docker-lint -version`). */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(TOOL_SOURCE).sort()) {
    if (!/\.(go|mod|sum)$/.test(file)) continue;
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(TOOL_SOURCE, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

async function builtFrom(): Promise<string | undefined> {
  const result = await run(TOOL_BIN, ['-version'], { output: 'capture' }).catch(() => undefined);
  return result?.code === 0 ? result.stdout.trim() : undefined;
}

/** Builds .tools/bin/docker-lint unless it is current; a half-written binary never takes its place. */
async function ensureTool(): Promise<string> {
  const hash = sourceHash();
  if ((await builtFrom()) === hash) return TOOL_BIN;
  const go = goBinary('docker-lint');
  note('Building .tools/bin/docker-lint from tools/docker-lint (once; about a minute cold)...');
  const started = Date.now();
  mkdirSync(toolsBin, { recursive: true });
  const partial = join(toolsBin, `.docker-lint.tmp-${process.pid}`);
  try {
    await runChecked(
      go,
      ['build', '-trimpath', '-ldflags', `-s -w -X main.sourceHash=${hash}`, '-o', partial, '.'],
      { cwd: TOOL_SOURCE, env: goEnv(), output: 'capture' },
    );
    renameSync(partial, TOOL_BIN);
  } finally {
    rmSync(partial, { force: true });
  }
  note(`Built .tools/bin/docker-lint in ${formatDuration(Date.now() - started)}.`);
  return TOOL_BIN;
}

/** docker/.env.example with every empty value filled, in a temporary file. */
function lintEnvFile(dir: string): string {
  const lines = readFileSync(ENV_EXAMPLE, 'utf8')
    .split('\n')
    .map((line) => line.replace(/^([A-Z][A-Z0-9_]*)=\s*$/, `$1=${PLACEHOLDER}`));
  const path = join(dir, 'lint.env');
  writeFileSync(path, lines.join('\n'));
  return path;
}

function dockerfiles(): string[] {
  return readdirSync(DOCKER_DIR)
    .filter((file) => file.endsWith('Dockerfile'))
    .sort()
    .map((file) => `docker/${file}`);
}

async function composePluginPresent(docker: string | undefined): Promise<boolean> {
  if (!docker) return false;
  const result = await run(docker, ['compose', 'version'], { output: 'capture' }).catch(() => undefined);
  return result?.code === 0;
}

async function main(): Promise<number> {
  const tool = await ensureTool();
  const scratch = mkdtempSync(join(tmpdir(), 'flashline-docker-lint-'));
  try {
    const envFile = lintEnvFile(scratch);
    let failed = false;
    const lint = await run(tool, ['-compose', COMPOSE_FILE, '-env-file', envFile, ...dockerfiles()]);
    if (lint.code !== 0) failed = true;

    const docker = findExecutable('docker');
    if (await composePluginPresent(docker)) {
      console.log(`docker compose -f ${COMPOSE_FILE} config --quiet`);
      const config = await run(docker!, [
        'compose',
        '-f',
        COMPOSE_FILE,
        '--env-file',
        envFile,
        'config',
        '--quiet',
      ]);
      if (config.code === 0) console.log(`ok: ${COMPOSE_FILE} (docker compose config)`);
      else failed = true;
    } else {
      note(
        `docker compose is not available${docker ? ` (${docker} has no compose plugin)` : ''}: ` +
          'skipped `docker compose config`; the compose-go check above covers the same loader.',
      );
    }
    return failed ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(paint('red', `lint:docker: ${errorMessage(err)}`));
    process.exit(err instanceof ScriptError ? err.exitCode : 1);
  },
);
