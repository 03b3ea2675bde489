import cluster, { type Worker } from 'node:cluster';
import { existsSync, readFileSync } from 'node:fs';
import { API_ENTRY } from '../../apps/api/test/support/processes/api-process';

/**
 * N API processes sharing one port through node:cluster (the kernel hands out connections), so the load
 * generator sees one URL, as it would behind a load balancer.
 */
export interface ApiCluster {
  url: string;
  pids(): number[];
  /** CPU time (user + system, seconds) the API processes have used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startCluster(
  processes: number,
  port: number,
  env: Record<string, string>,
  execArgv: string[] = [],
): Promise<ApiCluster> {
  if (!existsSync(API_ENTRY)) throw new Error(`${API_ENTRY} is missing: run "npx nest build api" first`);
  cluster.setupPrimary({ exec: API_ENTRY, execArgv, silent: true });
  const workers: Worker[] = [];
  for (let i = 0; i < processes; i++) {
    workers.push(cluster.fork({ ...process.env, ...env, PORT: String(port) }));
  }
  for (const worker of workers) {
    worker.process.stdout?.resume();
    worker.process.stderr?.on('data', (chunk: Buffer) =>
      process.stderr.write(`[api ${worker.process.pid}] ${chunk.toString()}`),
    );
  }
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('listening', resolve))));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);
  return {
    url,
    pids: () => workers.map((worker) => worker.process.pid ?? 0),
    cpuSeconds: () => workers.reduce((sum, worker) => sum + cpuSecondsOf(worker.process.pid ?? 0), 0),
    stop: () => stopWorkers(workers),
  };
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`API cluster at ${url} is not healthy after 30 s`);
}

function stopWorkers(workers: Worker[]): Promise<void> {
  return Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          worker.process.kill('SIGTERM');
        }),
    ),
  ).then(() => undefined);
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** CPU time (user + system) of a process in seconds, from /proc (Linux); 0 once it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
