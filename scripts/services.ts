/**
 * Backing services for development and tests: Redis, FerretDB (the MongoDB the API talks to) and stripe-mock.
 *
 *   npm run services:start    build what is missing, reuse what already answers, start the rest, wait until healthy
 *   npm run services:status   per service: up/down, address, started by us (pid) or already there, log file
 *   npm run services:stop     stop only the processes this script started (pid files in .data/run/)
 *
 * Idempotent: a second `start` with everything up returns in about a second.
 * - FerretDB and stripe-mock are built from the Go module proxy (versions pinned below) into .tools/bin/
 *   (git-ignored; needs Go on PATH or in /usr/local/go/bin). Go's own caches make a rebuild instant.
 * - Redis: whatever answers PING on REDIS_URL is used; otherwise Debian's redis-server is started there
 *   (installed with apt-get when missing).
 * - Data under .data/ (git-ignored): ferretdb/ (SQLite files), logs/<service>.log, run/<service>.pid.
 *
 * Environment:
 *   REDIS_URL                 default redis://127.0.0.1:6379
 *   FERRETDB_PORT             default 27017 (listens on 127.0.0.1)
 *   FERRETDB_HANDLER          sqlite (default, see DEFAULT_FERRETDB_HANDLER) | postgresql
 *   FERRETDB_POSTGRESQL_URL   PostgreSQL backend URL; setting it selects the postgresql handler
 *                             (default postgres://postgres@127.0.0.1:5432/flashline, database created if absent)
 *   STRIPE_MOCK_URL           default http://127.0.0.1:12111 (HTTPS on the next port)
 */
import {
  appendFileSync,
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { mongo } from 'mongoose';
import {
  displayPath,
  errorMessage,
  findExecutable,
  formatDuration,
  isPidAlive,
  paint,
  pidRunsBinary,
  portOpen,
  readCmdline,
  readPidFile,
  repoRoot,
  run,
  runChecked,
  ScriptError,
  sleep,
  terminate,
  waitUntil,
} from './lib/proc';
import { findGo, goBinary, goEnv, toolsBin } from './lib/go';

export const FERRETDB_VERSION = 'v1.24.2';
export const STRIPE_MOCK_VERSION = 'v0.203.0';

export type FerretdbHandler = 'sqlite' | 'postgresql';
/**
 * FerretDB's storage backend unless FERRETDB_HANDLER / FERRETDB_POSTGRESQL_URL say otherwise. SQLite needs no
 * server. Measured with 50 concurrent clients, PostgreSQL was not clearly better: ~20% more inserts/s and a far
 * shorter latency tail, but slower on a unique-index race; both enforce unique indexes exactly, and on both a
 * conditional update (`{stock: {$gt: 0}}` + `$inc`) is NOT atomic under concurrency (FerretDB 1.x reads, then
 * writes), so neither may arbitrate a race: Redis or a unique index must.
 */
export const DEFAULT_FERRETDB_HANDLER: FerretdbHandler = 'sqlite';
const DEFAULT_POSTGRESQL_URL = 'postgres://postgres@127.0.0.1:5432/flashline';

/** How long a service we start may take to answer a real request. */
const HEALTH_TIMEOUT_MS = 60_000;
/** A service log larger than this is moved to <name>.log.1 when the service is next started. */
const MAX_LOG_BYTES = 20 * 1024 * 1024;
/** How long to wait for another `services:start` (which may be building) to finish. */
const LOCK_TIMEOUT_MS = 10 * 60_000;

const toolsSrc = join(repoRoot, '.tools', 'src');
const dataDir = join(repoRoot, '.data');
const logDir = join(dataDir, 'logs');
const runDir = join(dataDir, 'run');

export type ServiceName = 'redis' | 'ferretdb' | 'stripe-mock';

export interface ServiceStatus {
  name: ServiceName;
  up: boolean;
  /** Where clients connect. */
  address: string;
  /** Pid of the process we started and still own, if any. */
  pid?: number;
  /** Started during this call (as opposed to already running). */
  startedNow: boolean;
  logFile: string;
  /** Extra facts for the status line (e.g. the FerretDB backend). */
  detail?: string;
}

type Health = { up: true } | { up: false; error: string };
const healthy: Health = { up: true };
const unhealthy = (err: unknown): Health => ({ up: false, error: errorMessage(err) });

/** One backing service: how to reach it, check it, build it and launch it. */
interface Service {
  name: ServiceName;
  address: string;
  host: string;
  port: number;
  /** A real request: up only when the service answers it correctly, else why not. */
  probe(): Promise<Health>;
  /** The binary we run, or would run (for pid ownership checks); undefined when not installed. */
  binary(): string | undefined;
  /** Builds or installs the binary if needed and returns its path. */
  install(): Promise<string>;
  /** Creates data directories, databases, ... before a launch. */
  prepare?(): Promise<void>;
  args(): string[];
  /** What to tell about a running process of ours, from its command line. */
  describe?(argv: string[]): string;
}

// ---------------------------------------------------------------------------------------------------------
// configuration

function portFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ScriptError(`${name}=${value} is not a TCP port`);
  }
  return port;
}

function parseUrl(value: string, name: string, protocols: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ScriptError(`${name}=${value} is not a URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ScriptError(`${name}=${value} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return url;
}

/** URL hostnames keep IPv6 brackets; sockets want them bare. */
const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1');
const isLoopback = (host: string): boolean => ['127.0.0.1', 'localhost', '::1'].includes(host);

function ferretdbHandler(env: NodeJS.ProcessEnv): FerretdbHandler {
  const handler =
    env['FERRETDB_HANDLER'] || (env['FERRETDB_POSTGRESQL_URL'] ? 'postgresql' : DEFAULT_FERRETDB_HANDLER);
  if (handler !== 'sqlite' && handler !== 'postgresql') {
    throw new ScriptError(`FERRETDB_HANDLER=${handler}: use sqlite or postgresql`);
  }
  return handler;
}

const logFile = (name: ServiceName): string => join(logDir, `${name}.log`);
const pidFile = (name: ServiceName): string => join(runDir, `${name}.pid`);

// ---------------------------------------------------------------------------------------------------------
// probes

async function redisAnswers(url: string): Promise<Health> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // reported through the rejected promise instead
  try {
    await client.connect();
    const reply = await client.ping();
    return reply === 'PONG' ? healthy : unhealthy(`PING answered ${reply}`);
  } catch (err) {
    return unhealthy(err);
  } finally {
    client.disconnect();
  }
}

async function mongoAnswers(url: string): Promise<Health> {
  const client = new mongo.MongoClient(url, {
    serverSelectionTimeoutMS: 1000,
    connectTimeoutMS: 1000,
    directConnection: true,
  });
  try {
    await client.connect();
    const reply = await client.db('admin').command({ ping: 1 });
    return reply['ok'] === 1 ? healthy : unhealthy(`ping answered ${JSON.stringify(reply)}`);
  } catch (err) {
    return unhealthy(err);
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function stripeMockAnswers(baseUrl: string): Promise<Health> {
  try {
    const response = await fetch(new URL('/v1/customers', baseUrl), {
      headers: { Authorization: 'Bearer sk_test_123' },
      signal: AbortSignal.timeout(2000),
    });
    if (response.status !== 200) return unhealthy(`GET /v1/customers answered HTTP ${response.status}`);
    const body: unknown = await response.json();
    const list = typeof body === 'object' && body !== null && 'object' in body && body.object === 'list';
    return list ? healthy : unhealthy('GET /v1/customers did not answer a Stripe list');
  } catch (err) {
    return unhealthy(err);
  }
}

// ---------------------------------------------------------------------------------------------------------
// building the Go tools

/** Makes a tree writable by us (the Go module cache is read-only), so it can be edited or deleted. */
function makeWritable(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chmodSync(path, stat.mode | (stat.isDirectory() ? 0o700 : 0o600));
  if (stat.isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

function removeTree(path: string): void {
  if (!existsSync(path)) return;
  makeWritable(path);
  rmSync(path, { recursive: true, force: true });
}

function note(message: string): void {
  console.log(paint('gray', message));
}

async function installedVersionMatches(
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

async function buildStripeMock(): Promise<string> {
  const bin = join(toolsBin, 'stripe-mock');
  if (existsSync(bin) && (await installedVersionMatches(bin, STRIPE_MOCK_VERSION, 'buildinfo'))) return bin;
  const go = goBinary(`stripe-mock ${STRIPE_MOCK_VERSION}`);
  note(`Building stripe-mock ${STRIPE_MOCK_VERSION} into .tools/bin/ (once; about 40 s cold)...`);
  const started = Date.now();
  // go install writes straight to GOBIN: use a scratch GOBIN and rename, so a half-written binary never counts.
  const scratch = join(toolsBin, `.build-stripe-mock-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  try {
    await runChecked(go, ['install', `github.com/stripe/stripe-mock@${STRIPE_MOCK_VERSION}`], {
      cwd: tmpdir(),
      env: goEnv({ GOBIN: scratch }),
      output: 'capture',
    });
    renameSync(join(scratch, 'stripe-mock'), bin);
  } finally {
    removeTree(scratch);
  }
  note(`Built .tools/bin/stripe-mock in ${formatDuration(Date.now() - started)}.`);
  return bin;
}

/**
 * `go install .../cmd/ferretdb@version` gives a binary that panics at start (build/version/version.txt is
 * generated in FerretDB's own build), so: copy the module source out of the read-only module cache, write
 * version.txt, and build from there.
 */
async function buildFerretdb(): Promise<string> {
  const bin = join(toolsBin, 'ferretdb');
  if (existsSync(bin) && (await installedVersionMatches(bin, FERRETDB_VERSION, 'flag'))) return bin;
  const go = goBinary(`FerretDB ${FERRETDB_VERSION}`);
  note(`Building FerretDB ${FERRETDB_VERSION} into .tools/bin/ (once; about 90 s cold)...`);
  const started = Date.now();
  const env = goEnv();

  const source = join(toolsSrc, `ferretdb-${FERRETDB_VERSION}`);
  const versionFile = join(source, 'build', 'version', 'version.txt');
  const sourceReady =
    existsSync(versionFile) && readFileSync(versionFile, 'utf8').trim() === FERRETDB_VERSION;
  if (!sourceReady) {
    const download = await runChecked(
      go,
      ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`],
      {
        cwd: tmpdir(),
        env,
        output: 'capture',
      },
    );
    const info: unknown = JSON.parse(download.stdout);
    const moduleDir = typeof info === 'object' && info !== null && 'Dir' in info ? info.Dir : undefined;
    if (typeof moduleDir !== 'string' || !existsSync(moduleDir)) {
      throw new ScriptError(`go mod download gave no source directory for FerretDB:\n${download.stdout}`);
    }
    // Copy to a scratch name and rename, so an interrupted copy is never mistaken for a ready tree.
    const scratch = `${source}.tmp-${process.pid}`;
    removeTree(scratch);
    removeTree(source);
    mkdirSync(toolsSrc, { recursive: true });
    cpSync(moduleDir, scratch, { recursive: true });
    makeWritable(scratch);
    writeFileSync(join(scratch, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    renameSync(scratch, source);
  }

  mkdirSync(toolsBin, { recursive: true });
  const partial = join(toolsBin, `.ferretdb.tmp-${process.pid}`);
  try {
    await runChecked(go, ['build', '-trimpath', '-o', partial, './cmd/ferretdb'], {
      cwd: source,
      env,
      output: 'capture',
    });
    renameSync(partial, bin);
  } finally {
    rmSync(partial, { force: true });
  }
  note(`Built .tools/bin/ferretdb in ${formatDuration(Date.now() - started)}.`);
  return bin;
}

// ---------------------------------------------------------------------------------------------------------
// Redis from Debian

async function installRedisServer(): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? undefined : findExecutable('sudo');
  if (!asRoot && !sudo) {
    throw new ScriptError(
      'Nothing answers on REDIS_URL and redis-server is not installed. Install it (apt-get install redis-server) ' +
        'or point REDIS_URL at a running Redis.',
    );
  }
  const apt = (args: string[]): Promise<unknown> =>
    runChecked(sudo ?? 'apt-get', sudo ? ['-n', 'apt-get', ...args] : args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  note('redis-server is missing: installing it with apt-get...');
  await apt(['update']);
  await apt(['install', '-y', 'redis-server']);
}

// ---------------------------------------------------------------------------------------------------------
// the services

function defineServices(env: NodeJS.ProcessEnv = process.env): Service[] {
  const redisUrl = parseUrl(env['REDIS_URL'] || 'redis://127.0.0.1:6379', 'REDIS_URL', ['redis:', 'rediss:']);
  const redisHost = bareHost(redisUrl.hostname) || '127.0.0.1';
  const redisPort = portFrom(redisUrl.port, 6379, 'REDIS_URL port');

  const ferretPort = portFrom(env['FERRETDB_PORT'], 27017, 'FERRETDB_PORT');
  const handler = ferretdbHandler(env);
  const postgresqlUrl = env['FERRETDB_POSTGRESQL_URL'] || DEFAULT_POSTGRESQL_URL;
  const ferretData = join(dataDir, 'ferretdb');

  const stripeUrl = parseUrl(env['STRIPE_MOCK_URL'] || 'http://127.0.0.1:12111', 'STRIPE_MOCK_URL', [
    'http:',
  ]);
  const stripeHost = bareHost(stripeUrl.hostname);
  const stripePort = portFrom(stripeUrl.port, 80, 'STRIPE_MOCK_URL port');
  const listenHost = (host: string): string => (host === 'localhost' ? '127.0.0.1' : host);

  return [
    {
      name: 'redis',
      address: redisUrl.href.replace(/\/$/, '').replace(/\/\/[^@/]*@/, '//'),
      host: redisHost,
      port: redisPort,
      probe: () => redisAnswers(redisUrl.href),
      binary: () => findExecutable('redis-server', ['/usr/sbin', '/usr/bin']),
      async install() {
        if (!isLoopback(redisHost)) {
          throw new ScriptError(
            `Nothing answers PING at REDIS_URL (${redisHost}:${redisPort}), a remote host.`,
          );
        }
        const existing = findExecutable('redis-server', ['/usr/sbin', '/usr/bin']);
        if (existing) return existing;
        await installRedisServer();
        const installed = findExecutable('redis-server', ['/usr/sbin', '/usr/bin']);
        if (!installed) throw new ScriptError('apt-get installed redis-server but it is not on PATH');
        return installed;
      },
      async prepare() {
        mkdirSync(join(dataDir, 'redis'), { recursive: true });
      },
      args() {
        const args = ['--bind', listenHost(redisHost), '--port', String(redisPort)];
        args.push('--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', join(dataDir, 'redis'));
        if (redisUrl.password) args.push('--requirepass', decodeURIComponent(redisUrl.password));
        return args;
      },
    },
    {
      name: 'ferretdb',
      address: `mongodb://127.0.0.1:${ferretPort}`,
      host: '127.0.0.1',
      port: ferretPort,
      probe: () => mongoAnswers(`mongodb://127.0.0.1:${ferretPort}/`),
      binary: () => join(toolsBin, 'ferretdb'),
      install: buildFerretdb,
      async prepare() {
        mkdirSync(ferretData, { recursive: true });
        if (handler === 'postgresql') await ensurePostgresqlDatabase(postgresqlUrl);
      },
      args() {
        const backend =
          handler === 'sqlite'
            ? ['--handler=sqlite', `--sqlite-url=file:${ferretData}/`]
            : ['--handler=postgresql', `--postgresql-url=${postgresqlUrl}`];
        return [
          `--listen-addr=127.0.0.1:${ferretPort}`,
          ...backend,
          `--state-dir=${ferretData}`,
          '--debug-addr=-', // its metrics listener (default :8088) would clash with a second instance
          '--telemetry=disable',
          '--log-level=warn',
        ];
      },
      describe(argv) {
        const backend = argv.find((arg) => arg.startsWith('--handler='))?.slice('--handler='.length) ?? '?';
        const where =
          backend === 'sqlite'
            ? displayPath(ferretData)
            : (argv.find((arg) => arg.startsWith('--postgresql-url='))?.slice('--postgresql-url='.length) ??
              '');
        return `${backend} ${where.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}`.trim();
      },
    },
    {
      name: 'stripe-mock',
      address: `http://${stripeUrl.host}`,
      host: stripeHost,
      port: stripePort,
      probe: () => stripeMockAnswers(stripeUrl.href),
      binary: () => join(toolsBin, 'stripe-mock'),
      async install() {
        if (!isLoopback(stripeHost)) {
          throw new ScriptError(`Nothing answers at STRIPE_MOCK_URL (${stripeUrl.href}), a remote host.`);
        }
        return buildStripeMock();
      },
      args: () => [
        '-http-addr',
        `${listenHost(stripeHost)}:${stripePort}`,
        '-https-addr',
        `${listenHost(stripeHost)}:${stripePort + 1}`,
      ],
    },
  ];
}

/** FerretDB's PostgreSQL backend needs its database to exist; create it with psql when we can. */
async function ensurePostgresqlDatabase(url: string): Promise<void> {
  const psql = findExecutable('psql');
  if (!psql) return; // FerretDB will say so in its log if the database is missing
  const target = parseUrl(url, 'FERRETDB_POSTGRESQL_URL', ['postgres:', 'postgresql:']);
  const database = decodeURIComponent(target.pathname.slice(1)) || 'postgres';
  if (!/^[A-Za-z0-9_]+$/.test(database)) return;
  const admin = new URL(target.href);
  admin.pathname = '/postgres';
  const exists = await run(
    psql,
    [admin.href, '-tAc', `select 1 from pg_database where datname = '${database}'`],
    {
      output: 'capture',
    },
  );
  if (exists.code === 0 && exists.stdout.trim() !== '1') {
    note(`Creating PostgreSQL database ${database}...`);
    await runChecked(psql, [admin.href, '-c', `create database "${database}"`], { output: 'capture' });
  }
}

// ---------------------------------------------------------------------------------------------------------
// pid ownership and launching

/** The pid from our pid file when that process is alive and runs the service's binary; stale files are removed. */
function ownedPid(service: Service): number | undefined {
  const path = pidFile(service.name);
  const pid = readPidFile(path);
  if (pid === undefined) return undefined;
  const binary = service.binary();
  if (binary && pidRunsBinary(pid, binary)) return pid;
  rmSync(path, { force: true });
  return undefined;
}

interface Launched {
  pid: number;
  /** Set once the process exits, with how. */
  exitedWith(): string | undefined;
}

/** Starts a detached process (its own session, output appended to its log) and records its pid. */
function launch(service: Service, binary: string): Launched {
  mkdirSync(logDir, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  const log = logFile(service.name);
  const args = service.args();
  // FerretDB logs every error reply at warn level: keep one previous generation, not an ever-growing file.
  if (existsSync(log) && statSync(log).size > MAX_LOG_BYTES) renameSync(log, `${log}.1`);
  appendFileSync(log, `\n=== ${new Date().toISOString()} ${[binary, ...args].join(' ')}\n`);
  const fd = openSync(log, 'a');
  let exit: string | undefined;
  try {
    const child = spawn(binary, args, { cwd: dataDir, detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', (err) => (exit = `could not start: ${err.message}`));
    child.on(
      'exit',
      (code, signal) => (exit = signal ? `was killed by ${signal}` : `exited with code ${code}`),
    );
    child.unref();
    if (child.pid === undefined) throw new ScriptError(`${service.name}: could not start ${binary}`);
    writeFileSync(pidFile(service.name), `${child.pid}\n`);
    return { pid: child.pid, exitedWith: () => exit };
  } finally {
    closeSync(fd);
  }
}

/** The last log entries: lines that start an entry (continuation lines of dumped messages are skipped). */
function logTail(path: string, entries = 8): string {
  try {
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const starts = lines.filter((line) => /^[^\s{}]/.test(line)).slice(-entries);
    return starts.map((line) => `    ${line.length > 400 ? `${line.slice(0, 400)}...` : line}`).join('\n');
  } catch {
    return '    (no log)';
  }
}

// ---------------------------------------------------------------------------------------------------------
// lock: one start/stop at a time (a start may be building for minutes)

async function withLock<T>(action: () => Promise<T>): Promise<T> {
  mkdirSync(runDir, { recursive: true });
  const lock = join(runDir, 'services.lock');
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let told = false;
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readPidFile(lock);
      if (holder === undefined || !isPidAlive(holder)) {
        rmSync(lock, { force: true }); // left by a run that died
        continue;
      }
      if (Date.now() > deadline) {
        throw new ScriptError(`Another services:start/stop (pid ${holder}) holds ${displayPath(lock)}.`);
      }
      if (!told) note(`Waiting for another services:start/stop (pid ${holder})...`);
      told = true;
      await sleep(500);
    }
  }
  try {
    return await action();
  } finally {
    if (readPidFile(lock) === process.pid) unlinkSync(lock);
  }
}

// ---------------------------------------------------------------------------------------------------------
// start / stop / status

function statusOf(service: Service, up: boolean, startedNow = false): ServiceStatus {
  const pid = ownedPid(service);
  const argv = pid === undefined ? undefined : readCmdline(pid);
  return {
    name: service.name,
    up,
    address: service.address,
    pid,
    startedNow,
    logFile: logFile(service.name),
    detail: argv && service.describe ? service.describe(argv) : undefined,
  };
}

/**
 * Makes every service answer: reuses what already does, builds and starts the rest, and waits (60 s each)
 * for a real request to succeed. Throws a ScriptError naming each service that did not come up and its log.
 */
export async function startServices(): Promise<ServiceStatus[]> {
  const services = defineServices();
  const result = await withLock(async () => {
    const answering = await Promise.all(services.map((service) => service.probe()));
    const missing = services.filter((_, i) => !answering[i]?.up);

    // Build/install one at a time (the machine may have two cores), then launch and wait for all together.
    // `binary` unset: a process of ours that does not answer yet, to wait for like a fresh start.
    const launches: { service: Service; binary?: string; launched?: Launched }[] = [];
    for (const service of missing) {
      const mine = ownedPid(service);
      if (mine === undefined && (await portOpen(service.host, service.port))) {
        throw new ScriptError(
          `${service.name}: ${service.host}:${service.port} is taken by something that does not answer like ` +
            `${service.name} (and was not started by us). Free the port or point the service elsewhere.`,
        );
      }
      if (mine !== undefined) {
        launches.push({ service });
        continue;
      }
      const binary = await service.install();
      if (service.name === 'redis' && (await service.probe()).up) continue; // the Debian package may start one
      launches.push({ service, binary });
    }
    for (const entry of launches) {
      if (entry.binary === undefined) continue;
      await entry.service.prepare?.();
      entry.launched = launch(entry.service, entry.binary);
    }

    const failures: string[] = [];
    await Promise.all(
      launches.map(async ({ service, launched }) => {
        let lastError = '';
        const probe = async (): Promise<boolean> => {
          const health = await service.probe();
          if (!health.up) lastError = health.error;
          return health.up;
        };
        const wait = await waitUntil(probe, HEALTH_TIMEOUT_MS, { abort: () => launched?.exitedWith() });
        if (wait.ok) return;
        const log = logFile(service.name);
        const pid = launched?.pid ?? ownedPid(service);
        if (pid !== undefined) {
          await terminate(pid);
          rmSync(pidFile(service.name), { force: true });
        }
        failures.push(
          `${service.name} did not come up at ${service.address}: ${wait.reason}` +
            (lastError ? ` (last error: ${lastError})` : '') +
            `.\n  log: ${displayPath(log)}, ending with:\n${logTail(log)}`,
        );
      }),
    );
    if (failures.length > 0) throw new ScriptError(failures.join('\n\n'));

    const started = new Set(launches.filter((entry) => entry.launched).map((entry) => entry.service.name));
    return services.map((service) => statusOf(service, true, started.has(service.name)));
  });
  printStatus(result);
  warnAboutBackend(result);
  return result;
}

/** A FerretDB we started earlier keeps its backend; say so when the environment now asks for the other one. */
function warnAboutBackend(statuses: ServiceStatus[]): void {
  const ferret = statuses.find((status) => status.name === 'ferretdb');
  const wanted = ferretdbHandler(process.env);
  if (ferret?.detail && !ferret.detail.startsWith(wanted)) {
    const running = ferret.detail.split(' ')[0];
    const message = `FerretDB is running with ${running} (pid ${ferret.pid}) but ${wanted} is configured:`;
    console.warn(paint('yellow', `${message} run \`npm run services:stop\` and start again to switch.`));
  }
}

/** Stops the processes we started (per pid file, after checking the pid still runs our binary). */
export async function stopServices(): Promise<void> {
  const services = defineServices();
  await withLock(async () => {
    for (const service of services) {
      const hadPidFile = readPidFile(pidFile(service.name)) !== undefined;
      const pid = ownedPid(service);
      if (pid !== undefined) {
        await terminate(pid);
        rmSync(pidFile(service.name), { force: true });
        console.log(`${service.name.padEnd(12)} stopped (pid ${pid})`);
      } else if ((await service.probe()).up) {
        console.log(`${service.name.padEnd(12)} left running: not started by us (${service.address})`);
      } else {
        console.log(`${service.name.padEnd(12)} not running${hadPidFile ? ' (stale pid file removed)' : ''}`);
      }
    }
  });
}

/** Probes every service and tells who runs it. */
export async function servicesStatus(): Promise<ServiceStatus[]> {
  const services = defineServices();
  return Promise.all(services.map(async (service) => statusOf(service, (await service.probe()).up)));
}

export function printStatus(statuses: readonly ServiceStatus[]): void {
  for (const status of statuses) {
    const state = status.up ? paint('green', 'up  ') : paint('red', 'down');
    let owner: string;
    if (status.pid !== undefined) {
      owner = `${status.startedNow ? 'started now' : 'started by us'} (pid ${status.pid}${status.detail ? `, ${status.detail}` : ''})`;
    } else {
      owner = status.up ? 'already running (not ours, left alone)' : 'not running';
    }
    const log =
      status.pid !== undefined || existsSync(status.logFile) ? `log ${displayPath(status.logFile)}` : '';
    console.log(
      `${status.name.padEnd(12)} ${state} ${status.address.padEnd(26)} ${owner}${log ? `  ${paint('gray', log)}` : ''}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// CLI

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'start': {
      const started = Date.now();
      await startServices();
      // The fault-injection tests run FerretDBs of their own, so the binary must exist even when the
      // FerretDB that answers was started by someone else.
      await buildFerretdb();
      console.log(paint('gray', `Services ready in ${formatDuration(Date.now() - started)}.`));
      return 0;
    }
    case 'stop':
      await stopServices();
      return 0;
    case 'status': {
      const statuses = await servicesStatus();
      printStatus(statuses);
      return statuses.every((status) => status.up) ? 0 : 1;
    }
    default:
      console.error('usage: tsx scripts/services.ts start|stop|status');
      return 2;
  }
}

if (require.main === module) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(paint('red', `services: ${errorMessage(err)}`));
      if (!(err instanceof ScriptError) && err instanceof Error && err.stack) console.error(err.stack);
      process.exit(err instanceof ScriptError ? err.exitCode : 1);
    },
  );
}
