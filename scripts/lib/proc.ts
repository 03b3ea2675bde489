/**
 * Small process helpers shared by the developer scripts (services.ts, start.ts, test.ts):
 * running commands, waiting for conditions, pid bookkeeping and prefixed child output.
 * Nothing here kills a process by name: only by a pid we were handed.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { connect as tcpConnect } from 'node:net';
import { createInterface } from 'node:readline';

/** Absolute path of the repository root (this file lives in scripts/lib/). */
export const repoRoot = resolve(__dirname, '..', '..');

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A failure whose message is meant for humans; CLIs print only the message, no stack. */
export class ScriptError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}

/** Relative to the repo root when inside it, for shorter messages. */
export function displayPath(path: string): string {
  return path.startsWith(repoRoot + '/') ? path.slice(repoRoot.length + 1) : path;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Looks an executable up on PATH (plus extra candidate directories), or undefined. */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** 'inherit' shows the output live; 'capture' collects it (stdout returned, both used in errors). */
  output?: 'inherit' | 'capture';
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never throws on a non-zero exit (check `code`), only when it cannot start. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const capture = options.output === 'capture';
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** Like run() but throws a ScriptError (with the captured output, if any) on a non-zero exit. */
export async function runChecked(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim();
    throw new ScriptError(
      `\`${[command, ...args].join(' ')}\` failed with exit code ${result.code}` +
        (output ? `:\n${output.split('\n').slice(-40).join('\n')}` : ''),
    );
  }
  return result;
}

/**
 * Polls `probe` until it returns true or the deadline passes. `abort` is checked on every round and its
 * message ends the wait early (used when a process we started has already exited).
 */
export async function waitUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  options: { intervalMs?: number; abort?: () => string | undefined } = {},
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const aborted = options.abort?.();
    if (aborted) return { ok: false, reason: aborted };
    if (await probe()) return { ok: true };
    if (Date.now() >= deadline) return { ok: false, reason: `no answer within ${formatDuration(timeoutMs)}` };
    await sleep(options.intervalMs ?? 250);
  }
}

/** Whether anything accepts TCP connections on host:port. */
export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = tcpConnect({ host, port });
    const finish = (open: boolean): void => {
      socket.destroy();
      done(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

// ---------------------------------------------------------------------------------------------------------
// pids

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the process is gone or a zombie (exited, not yet reaped by its parent). */
function isPidGone(pid: number): boolean {
  if (!isPidAlive(pid)) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** The argv of a live process (Linux /proc), or undefined when unreadable. */
export function readCmdline(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part) => part.length > 0);
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is running `binary`: its /proc/<pid>/exe is that file (also after the file was replaced
 * by a rebuild), or its argv[0] names it (some servers, e.g. redis-server, rewrite their title).
 */
export function pidRunsBinary(pid: number, binary: string): boolean {
  if (!isPidAlive(pid)) return false;
  let expected = binary;
  try {
    expected = realpathSync(binary);
  } catch {
    // the binary may have been deleted; compare with the path as given
  }
  try {
    const exe = readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
    if (exe === expected || exe === binary) return true;
  } catch {
    // not readable (another user's process): fall back to the command line
  }
  const argv0 = readCmdline(pid)?.[0]?.split(' ')[0];
  if (!argv0) return false;
  return argv0 === binary || argv0 === expected || argv0.split('/').pop() === binary.split('/').pop();
}

/** Reads a pid file; undefined when missing or garbage. */
export function readPidFile(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SIGTERM, then SIGKILL if still there after `graceMs`. `group` signals the whole process group
 * (the pid must be a group leader, i.e. spawned with `detached: true`). Resolves once it is gone.
 */
export async function terminate(
  pid: number,
  options: { graceMs?: number; group?: boolean } = {},
): Promise<void> {
  const target = options.group ? -pid : pid;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(target, sig);
    } catch {
      // already gone
    }
  };
  if (isPidGone(pid)) return;
  signal('SIGTERM');
  const deadline = Date.now() + (options.graceMs ?? 5000);
  while (Date.now() < deadline) {
    if (isPidGone(pid)) return;
    await sleep(100);
  }
  signal('SIGKILL');
  for (let i = 0; i < 50 && !isPidGone(pid); i++) await sleep(100);
}

// ---------------------------------------------------------------------------------------------------------
// output

export const useColor = ((): boolean => {
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (process.env['NO_COLOR']) return false;
  return Boolean(process.stdout.isTTY);
})();

const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
export type Color = keyof typeof codes;

export function paint(color: Color, text: string): string {
  return useColor ? `\u001b[${codes[color]}m${text}\u001b[${color === 'bold' ? 22 : 39}m` : text;
}

/**
 * Copies a child's stdout/stderr to ours line by line, each line prefixed (e.g. "[api] "). `formatStdout`
 * may rewrite a stdout line (into several lines, each prefixed too).
 */
export function prefixOutput(
  child: ChildProcess,
  prefix: string,
  formatStdout: (line: string) => string = (line) => line,
): void {
  for (const [stream, sink, format] of [
    [child.stdout, process.stdout, formatStdout],
    [child.stderr, process.stderr, (line: string): string => line],
  ] as const) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
      sink.write(`${prefix}${format(line).split('\n').join(`\n${prefix}`)}\n`),
    );
  }
}

/** spawn() with a promise for its exit, for long-running children. */
export function spawnChild(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(command, args, options);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('error', (err) => {
      process.stderr.write(`${command}: ${err.message}\n`);
      done({ code: 127, signal: null });
    });
    child.on('exit', (code, signal) => done({ code, signal }));
  });
  return { child, exited };
}
