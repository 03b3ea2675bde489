import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { cpuSecondsOf } from './api-cluster';

/** The floor server (bench/floor/floor-server.ts) running as its own process. */
export interface Floor {
  url: string;
  /** CPU time (user + system, seconds) the floor's process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const FLOOR_SERVER = join(__dirname, '..', 'floor', 'floor-server.ts');

/**
 * Forks the floor with this process's own loader flags (tsx), waits until it listens. Its counter starts high
 * enough that a run never empties it: every answer is the 201 path, like a reserve while stock lasts.
 */
export async function startFloor(port: number, redisUrl: string): Promise<Floor> {
  const child: ChildProcess = fork(FLOOR_SERVER, {
    env: {
      ...process.env,
      FLOOR_PORT: String(port),
      FLOOR_REDIS_URL: redisUrl,
      FLOOR_KEY: 'bench:floor:units',
      FLOOR_UNITS: '1000000000000',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error('the floor server exited before listening');
    }),
  ])) as unknown[];
  if (message !== 'ready') throw new Error(`the floor server said ${String(message)}`);
  const pid = child.pid ?? 0;
  return {
    url: `http://127.0.0.1:${port}`,
    cpuSeconds: () => cpuSecondsOf(pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
