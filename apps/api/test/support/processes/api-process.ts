import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const API_ENTRY = join(__dirname, '../../../../../dist/apps/api/apps/api/src/main.js');

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs the built API (`nest build api`) as a separate OS process, as production does. */
export function spawnApi(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  if (!existsSync(API_ENTRY)) throw new Error(`${API_ENTRY} is missing: run "npx nest build api" first`);
  const child = spawn(process.execPath, [API_ENTRY], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Starts an API process on `port` and resolves once its health route answers. */
export async function startApi(port: number, env: Record<string, string> = {}): Promise<ApiProcess> {
  const { child, output } = spawnApi({ ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API on :${port} exited: ${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const stop = async (): Promise<void> => {
    // Already gone: exited, or killed by a signal (a test's SIGKILL).
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { url, child, output, stop };
}
