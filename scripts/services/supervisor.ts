/**
 * The supervisor: makes each backing service answer and tells who runs it. It starts what is down as a
 * detached process (its own session, its output appended to .data/logs/<name>.log, its pid in
 * .data/run/<name>.pid), stops only what it started (the pid file's process, checked to run the service's
 * binary, never by name), and lets one start or stop run at a time (a start may be building for minutes).
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  displayPath,
  isPidAlive,
  paint,
  pidRunsBinary,
  portOpen,
  readCmdline,
  readPidFile,
  ScriptError,
  sleep,
  terminate,
  waitUntil,
} from '../lib/proc';
import { ferretdbService } from './ferretdb';
import { redisService } from './redis';
import { dataDir, logDir, logFile, note, pidFile, runDir, type Service, type ServiceStatus } from './service';
import { stripeMockService } from './stripe-mock';

/** How long a service we start may take to answer a real request. */
const HEALTH_TIMEOUT_MS = 60_000;
/** A service log larger than this is moved to <name>.log.1 when the service is next started. */
const MAX_LOG_BYTES = 20 * 1024 * 1024;
/** How long to wait for another `services:start` (which may be building) to finish. */
const LOCK_TIMEOUT_MS = 10 * 60_000;

/** The services, in the order they are built and listed. */
function defineServices(env: NodeJS.ProcessEnv = process.env): Service[] {
  return [redisService(env), ferretdbService(env), stripeMockService(env)];
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
      if (service.answersOnInstall && (await service.probe()).up) continue;
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
  printWarnings(services, result);
  return result;
}

/** Each running service's own warning, e.g. FerretDB started with a backend the environment no longer asks for. */
function printWarnings(services: readonly Service[], statuses: readonly ServiceStatus[]): void {
  services.forEach((service, i) => {
    const status = statuses[i];
    const warning = status && service.warn?.(status);
    if (warning) console.warn(paint('yellow', warning));
  });
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
