import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { REDIS_CLI, REDIS_SERVER } from './redis-cluster';

const run = promisify(execFile);

/** FerretDB as `npm run services:start` builds it (scripts/services.ts). */
export const FERRETDB = join(__dirname, '../../../../../.tools/bin/ferretdb');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A backing service this test runs itself, on its own port and in its own temporary directory, so that it
 * can stop and start it at will without touching the shared services (or anyone else's data). `stop()` is a
 * crash (SIGKILL), `start()` brings it back on the same port (a Redis comes back empty: no persistence; a
 * FerretDB comes back with its SQLite files), `dispose()` kills it and removes its directory.
 */
export interface LocalService {
  readonly name: string;
  readonly port: number;
  /** The connection string the API is given (a Redis URL, or a MongoDB URL without a database). */
  readonly url: string;
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

interface ServiceSpec {
  name: string;
  port: number;
  url: string;
  binary: string;
  args(dir: string): string[];
  answers(): Promise<boolean>;
}

class LocalProcess implements LocalService {
  private child?: ChildProcess;
  private readonly dir: string;

  constructor(private readonly spec: ServiceSpec) {
    this.dir = mkdtempSync(join(tmpdir(), `flashline-fault-${spec.name}-`));
  }

  get name(): string {
    return this.spec.name;
  }

  get port(): number {
    return this.spec.port;
  }

  get url(): string {
    return this.spec.url;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (await this.spec.answers()) {
      throw new Error(`${this.name}: port ${this.port} already answers: something else runs there`);
    }
    mkdirSync(join(this.dir, 'data'), { recursive: true });
    const child = spawn(this.spec.binary, this.spec.args(join(this.dir, 'data')), { stdio: 'ignore' });
    this.child = child;
    const deadline = Date.now() + 15_000;
    while (!(await this.spec.answers())) {
      if (!this.running) throw new Error(`${this.name} on :${this.port} exited at start`);
      if (Date.now() > deadline) throw new Error(`${this.name} on :${this.port} did not answer in 15 s`);
      await sleep(50);
    }
  }

  /** Kills the process (a crash, not a shutdown) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Debian's `redis-server` without persistence: once stopped, it comes back empty. */
export function localRedis(port: number): LocalService {
  for (const binary of [REDIS_SERVER, REDIS_CLI]) {
    if (!existsSync(binary)) {
      throw new Error(`${binary} is missing: install Debian's redis-server (apt-get install redis-server)`);
    }
  }
  return new LocalProcess({
    name: 'redis',
    port,
    url: `redis://127.0.0.1:${port}`,
    binary: REDIS_SERVER,
    args: (dir) => [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
      ...['--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    ],
    answers: async () => {
      const reply = await run(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), 'PING'], {
        timeout: 5000,
      }).catch(() => undefined);
      return reply?.stdout.trim() === 'PONG';
    },
  });
}

/** FerretDB on SQLite files in its own directory (the flags scripts/services.ts uses). */
export function localFerretdb(port: number): LocalService {
  if (!existsSync(FERRETDB))
    throw new Error(`${FERRETDB} is missing: run "npm run services:start" (it builds it)`);
  const url = `mongodb://127.0.0.1:${port}`;
  return new LocalProcess({
    name: 'ferretdb',
    port,
    url,
    binary: FERRETDB,
    args: (dir) => [
      `--listen-addr=127.0.0.1:${port}`,
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    answers: () => mongoAnswers(url),
  });
}

async function mongoAnswers(url: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(url, {
    serverSelectionTimeoutMS: 500,
    connectTimeoutMS: 500,
  });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}
