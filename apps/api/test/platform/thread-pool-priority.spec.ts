import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built module (`npx nest build api` first): it must run in a fresh process whose pool has not started. */
const MODULE = join(__dirname, '../../../../dist/apps/api/apps/api/src/lifecycle/thread-pool-priority.js');

interface Report {
  lowered: number;
  again: number;
  /** Niceness of each of the process's threads, by thread id. */
  nice: Record<string, number>;
  mainThread: string;
}

/** Lowers the pool in a new Node process and reports every thread's niceness from /proc. */
const SCRIPT = `
const { readdirSync, readFileSync } = require('node:fs');
const { lowerThreadPoolPriority } = require(process.env.MODULE);
const niceOf = (id) => Number(readFileSync('/proc/self/task/' + id + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
(async () => {
  const lowered = await lowerThreadPoolPriority(Number(process.env.NICENESS));
  const again = await lowerThreadPoolPriority(Number(process.env.NICENESS));
  const nice = Object.fromEntries(readdirSync('/proc/self/task').map((id) => [id, niceOf(id)]));
  console.log(JSON.stringify({ lowered, again, nice, mainThread: String(process.pid) }));
})();
`;

function run(env: Record<string, string>): Promise<Report> {
  if (!existsSync(MODULE)) throw new Error(`${MODULE} is missing: run "npx nest build api" first`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', SCRIPT],
      { env: { ...process.env, MODULE, ...env }, timeout: 30_000 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as Report)),
    );
  });
}

const linuxOnly = process.platform === 'linux' ? describe : describe.skip;

linuxOnly('lowering the thread pool’s priority (bcrypt runs there)', () => {
  it('lowers exactly the pool’s threads, once, and leaves the event loop’s thread alone', async () => {
    const report = await run({ NICENESS: '7', UV_THREADPOOL_SIZE: '3' });
    expect(report.lowered).toBe(3);
    expect(report.again).toBe(0);
    // Relative to how nice the process already was (a CI runner may start it nicer).
    const base = report.nice[report.mainThread];
    const pool = Math.max(7, base);
    const nices = Object.values(report.nice);
    expect(nices.filter((nice) => nice === pool)).toHaveLength(pool === base ? nices.length : 3);
    expect(nices.filter((nice) => nice !== pool && nice !== base)).toEqual([]);
  });

  it('does nothing at niceness 0', async () => {
    const report = await run({ NICENESS: '0' });
    expect(report.lowered).toBe(0);
    const base = report.nice[report.mainThread];
    expect(Object.values(report.nice).every((nice) => nice === base)).toBe(true);
  });
});
