/**
 * `npm start`: the whole of Flashline on this machine, for development.
 *
 * 1. starts the backing services (Redis, FerretDB, stripe-mock; see scripts/services.ts),
 * 2. builds the API (`nest build api`) and seeds the catalogue (`npm run seed`, which only fills an empty one),
 * 3. runs the API on :3000 and the storefront dev server on :4200 (its proxy sends /api to the API),
 *    their output prefixed [api] and [web]; in a terminal, the API's pino JSON lines are printed readably
 *    (pino-pretty), while piped or with NODE_ENV=production they pass through as JSON,
 * 4. once both answer, prints the URLs.
 *
 * Ctrl-C stops the API and the storefront; the services keep running (`npm run services:stop` stops them).
 * The environment is passed through to the API (see .env.example for its variables).
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { apiLogFormat } from './lib/api-log';
import { seedDemo } from './lib/demo';
import { startServices } from './services';
import {
  errorMessage,
  formatDuration,
  paint,
  portOpen,
  prefixOutput,
  repoRoot,
  run,
  runChecked,
  ScriptError,
  spawnChild,
  terminate,
  useColor,
  waitUntil,
} from './lib/proc';

const API_PORT = 3000;
const WEB_PORT = 4200;
const API_ENTRY = join(repoRoot, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js');
const API_HEALTH_URL = `http://127.0.0.1:${API_PORT}/api/health`;
const API_READY_TIMEOUT_MS = 90_000;
/**
 * The dev server does not listen until its first build succeeds; it rebuilds on save, so a build error is
 * waited out (with a notice after this long) rather than ending the session.
 */
const SLOW_NOTICE_MS = 120_000;

/** The storefront's dev-server proxy config (/api -> the API); the first that exists is used. */
const PROXY_CONFIG_CANDIDATES = [
  'apps/storefront/proxy.conf.js',
  'apps/storefront/proxy.conf.json',
  'apps/storefront/proxy.conf.mjs',
];

interface Running {
  name: string;
  child: ChildProcess;
  done: boolean;
}

const running: Running[] = [];
/** Set once we are stopping: children exiting then is expected. */
let stopping: Promise<never> | undefined;
let stoppingSince = 0;

function step(message: string): void {
  console.log(paint('bold', `\n> ${message}`));
}

/** Environment for the children: ours, plus the API's port and where the services listen when moved. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(API_PORT), NG_CLI_ANALYTICS: 'false' };
  if (process.env['FERRETDB_PORT'] && !process.env['MONGO_URL']) {
    env['MONGO_URL'] = `mongodb://127.0.0.1:${process.env['FERRETDB_PORT']}/flashline`;
  }
  // Our prefixing pipes their output; keep their colours when we have a terminal.
  if (useColor && env['FORCE_COLOR'] === undefined) env['FORCE_COLOR'] = '1';
  return env;
}

/** Starts a long-running child in its own process group, so stopping it also stops what it spawned. */
function launch(
  name: string,
  color: 'cyan' | 'magenta',
  command: string,
  args: string[],
  formatStdout?: (line: string) => string,
): Running {
  const { child, exited } = spawnChild(command, args, {
    cwd: repoRoot,
    env: childEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixOutput(child, `${paint(color, `[${name}]`)} `, formatStdout);
  const entry: Running = { name, child, done: false };
  void exited.then(({ code, signal }) => {
    entry.done = true;
    if (stopping) return;
    console.error(paint('red', `\n[${name}] exited (${signal ?? `code ${code}`}); stopping the rest.`));
    void shutdown(1);
  });
  running.push(entry);
  return entry;
}

/** Stops what we started (each child's whole process group), then exits. Later calls share the first. */
function shutdown(exitCode: number): Promise<never> {
  stopping ??= (async (): Promise<never> => {
    stoppingSince = Date.now();
    const alive = running.filter((entry) => !entry.done && entry.child.pid !== undefined);
    if (alive.length > 0)
      console.log(paint('gray', `\nStopping ${alive.map((entry) => entry.name).join(' and ')}...`));
    await Promise.all(alive.map((entry) => terminate(entry.child.pid ?? 0, { group: true, graceMs: 5000 })));
    console.log(paint('gray', 'The services keep running; `npm run services:stop` stops them.'));
    process.exit(exitCode);
  })();
  return stopping;
}

/**
 * Ctrl-C reaches npm, tsx and us, and tsx may relay it once more: repeats within a second are the same
 * Ctrl-C. A later one means "now": kill the children outright and leave.
 */
function onSignal(signal: NodeJS.Signals): void {
  const exitCode = 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15);
  if (!stopping) {
    void shutdown(exitCode);
    return;
  }
  if (Date.now() - stoppingSince < 1000) return;
  for (const entry of running) {
    if (entry.done || entry.child.pid === undefined) continue;
    try {
      process.kill(-entry.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(exitCode);
}

/** Last answer of the API health check, to say why it is not ready. */
let lastApiHealth = '';

async function answers(url: string, accept: (status: number, body: string) => boolean): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
    return accept(response.status, await response.text());
  } catch {
    return false;
  }
}

const apiHealthy = (): Promise<boolean> =>
  answers(API_HEALTH_URL, (status, body) => {
    lastApiHealth = `HTTP ${status} ${body.slice(0, 200)}`;
    return status === 200;
  });

/** The dev server may listen on 127.0.0.1 or ::1 ("localhost"); either will do. */
const webAnswers = async (): Promise<boolean> =>
  (await answers(`http://127.0.0.1:${WEB_PORT}/`, (status) => status < 500)) ||
  (await answers(`http://[::1]:${WEB_PORT}/`, (status) => status < 500));

async function ensurePortFree(port: number, what: string): Promise<void> {
  if ((await portOpen('127.0.0.1', port)) || (await portOpen('::1', port))) {
    throw new ScriptError(`Port ${port} (${what}) is already in use: is another \`npm start\` running?`);
  }
}

async function waitReady(
  entry: Running,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  onSlow?: () => void,
): Promise<void> {
  const slow = onSlow ? setTimeout(onSlow, SLOW_NOTICE_MS) : undefined;
  const wait = await waitUntil(probe, timeoutMs, {
    intervalMs: 500,
    abort: () => (entry.done ? `it exited` : undefined),
  });
  clearTimeout(slow);
  if (!wait.ok) {
    const last =
      entry.name === 'api' && lastApiHealth ? ` (${API_HEALTH_URL} last answered ${lastApiHealth})` : '';
    throw new ScriptError(`[${entry.name}] did not become ready: ${wait.reason}${last}.`);
  }
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const started = Date.now();

  step('Backing services');
  await startServices();

  await ensurePortFree(API_PORT, 'API');
  await ensurePortFree(WEB_PORT, 'storefront');

  step('Building the API (nest build api)');
  await runChecked('npx', ['--no', '--', 'nest', 'build', 'api'], { env: childEnv() });
  if (!existsSync(API_ENTRY)) throw new ScriptError(`nest build api did not produce ${API_ENTRY}`);

  if (existsSync(join(repoRoot, 'scripts', 'seed.ts'))) {
    step('Seeding (npm run seed)');
    const seed = await run('npm', ['run', '--silent', 'seed'], { env: childEnv() });
    if (seed.code !== 0)
      console.warn(paint('yellow', `Seeding failed (exit code ${seed.code}); starting anyway.`));
  }

  step('Starting the API and the storefront');
  const api = launch('api', 'cyan', process.execPath, [API_ENTRY], apiLogFormat());
  const webArgs = ['--no', '--', 'ng', 'serve', 'storefront', '--port', String(WEB_PORT)];
  const proxy = PROXY_CONFIG_CANDIDATES.find((candidate) => existsSync(join(repoRoot, candidate)));
  if (proxy) webArgs.push('--proxy-config', proxy);
  else console.warn(paint('yellow', 'No storefront proxy config found: the storefront cannot reach /api.'));
  const web = launch('web', 'magenta', 'npx', webArgs);

  await Promise.all([
    waitReady(api, apiHealthy, API_READY_TIMEOUT_MS),
    waitReady(web, webAnswers, Number.POSITIVE_INFINITY, () =>
      console.warn(
        paint('yellow', `[web] is not answering on :${WEB_PORT} yet: see its build errors above; `) +
          paint('yellow', 'it rebuilds when a file is saved. Still waiting (Ctrl-C stops).'),
      ),
    ),
  ]);

  step('Demo data (shoppers, an active sale, one opening in two minutes)');
  const credentials = await seedDemo(`http://127.0.0.1:${API_PORT}`).catch((err: unknown) => {
    console.warn(paint('yellow', `Demo data not created: ${errorMessage(err)}`));
    return [];
  });

  console.log(
    [
      '',
      paint('green', `Flashline is running (ready in ${formatDuration(Date.now() - started)}):`),
      `  Storefront  ${paint('bold', `http://localhost:${WEB_PORT}`)}`,
      `  API         http://localhost:${API_PORT}/api`,
      `  Swagger UI  http://localhost:${API_PORT}/docs`,
      ...credentials.map((c) => `  ${c.role.padEnd(8)}    ${c.email} / ${c.password}`),
      paint(
        'gray',
        'Ctrl-C stops the API and the storefront; the services keep running (`npm run services:stop`).',
      ),
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(paint('red', `\nstart: ${errorMessage(err)}`));
  if (!(err instanceof ScriptError) && err instanceof Error && err.stack) console.error(err.stack);
  void shutdown(err instanceof ScriptError ? err.exitCode : 1);
});
