/**
 * What every backing service is to the supervisor: where it listens, how it is probed, built and launched,
 * and where its log and pid file live (.data/, git-ignored).
 */
import { join } from 'node:path';
import { errorMessage, paint, repoRoot } from '../lib/proc';

export const dataDir = join(repoRoot, '.data');
export const logDir = join(dataDir, 'logs');
export const runDir = join(dataDir, 'run');

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

export type Health = { up: true } | { up: false; error: string };
export const healthy: Health = { up: true };
export const unhealthy = (err: unknown): Health => ({ up: false, error: errorMessage(err) });

/** One backing service: how to reach it, check it, build it and launch it. */
export interface Service {
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
  /** The install may start the service itself (a Debian package does): probe again before launching. */
  answersOnInstall?: boolean;
  /** Creates data directories, databases, ... before a launch. */
  prepare?(): Promise<void>;
  args(): string[];
  /** What to tell about a running process of ours, from its command line. */
  describe?(argv: string[]): string;
  /** A warning about a running process of ours, e.g. started with settings the environment no longer asks for. */
  warn?(status: ServiceStatus): string | undefined;
}

export const logFile = (name: ServiceName): string => join(logDir, `${name}.log`);
export const pidFile = (name: ServiceName): string => join(runDir, `${name}.pid`);

/** A progress line, in grey. */
export function note(message: string): void {
  console.log(paint('gray', message));
}
