import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the scheduling priority of libuv's thread pool, where bcrypt hashes passwords, so that when the
 * CPU is saturated the event loop answering requests wins over hashing: a login storm then slows logins,
 * not every request of the sale. On an idle CPU the niceness changes nothing.
 *
 * Linux only: there `setpriority` given a thread id changes that one thread. libuv starts all its pool
 * threads for the first piece of work it is given, so this must run before anything else uses the pool:
 * the threads that appear while it hands the pool its first piece of work are the pool. Resolves to how
 * many threads it lowered: 0 when it cannot (not Linux, or the pool was already running).
 */
export async function lowerThreadPoolPriority(niceness: number): Promise<number> {
  if (niceness === 0 || process.platform !== 'linux') return 0;
  const before = new Set(threadIds());
  // Any asynchronous file call runs on the pool.
  await stat(__filename);
  const pool = threadIds().filter((id) => !before.has(id));
  // Only ever lower: a process already started nicer stays so (raising a priority needs privileges).
  for (const id of pool) if (getPriority(id) < niceness) setPriority(id, niceness);
  return pool.length;
}

function threadIds(): number[] {
  return readdirSync('/proc/self/task').map(Number);
}
