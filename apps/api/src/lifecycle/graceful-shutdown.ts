import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Lifecycle } from './lifecycle.service';

/** The signals that start a drain: SIGTERM from an orchestrator, SIGINT from Ctrl-C. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * A connection whose response was in flight when the drain started goes idle once that response is sent;
 * this often, idle connections are closed (a response that could still say `Connection: close` already did).
 */
const IDLE_SWEEP_MS = 100;

/** Exit codes: drained cleanly, or not (the deadline passed, or closing failed). */
const EXIT_DRAINED = 0;
const EXIT_FORCED = 1;

/**
 * A rolling restart without losing work. On the first SIGTERM (or SIGINT) the process:
 * 1. stops listening, so new connections are refused (a load balancer or nginx tries another process);
 * 2. starts draining (see {@link Lifecycle}): /api/health answers 503, every response closes its keep-alive
 *    connection, SSE clients are told to reconnect, the reaper and reconciler start no new batch;
 * 3. waits until every accepted request has been answered and every connection is closed;
 * 4. closes the application (Nest's shutdown hooks: the reaper and reconciler finish their current batch,
 *    then the Redis, pub/sub and MongoDB connections close) and exits with code 0.
 * If all that takes longer than `timeoutMs`, it exits with code 1 anyway: a stuck request cannot keep an old
 * version alive. Nothing is lost either way: every decision is already in Redis or MongoDB, and what a dead
 * process left half-way (a paid hold without its order) is finished by another process's reconciler.
 */
export class GracefulShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);
  private started = false;

  constructor(
    private readonly app: NestExpressApplication,
    private readonly timeoutMs: number,
  ) {}

  /** Listens for the shutdown signals (instead of Nest's `enableShutdownHooks`, which closes at once). */
  install(): void {
    for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => void this.shutdown(signal));
  }

  async shutdown(reason: string): Promise<void> {
    if (this.started) {
      this.logger.warn(`${reason} while already draining: ignored (the deadline still applies)`);
      return;
    }
    this.started = true;
    const startedAt = Date.now();
    const deadline = setTimeout(() => this.forceExit(), this.timeoutMs);
    deadline.unref();
    const lifecycle = this.app.get(Lifecycle);
    this.logger.log(
      `${reason}: draining (${lifecycle.requestsInFlight} requests in flight, deadline ${this.timeoutMs} ms)`,
    );
    try {
      const closed = closeServer(this.app.getHttpServer() as Server);
      lifecycle.startDraining();
      await closed;
      this.logger.log(`Every accepted request answered after ${Date.now() - startedAt} ms; closing`);
      await this.app.close();
    } catch (error) {
      this.logger.error({ err: error }, 'Shutdown failed');
      process.exit(EXIT_FORCED);
    }
    clearTimeout(deadline);
    this.logger.log(`Drained in ${Date.now() - startedAt} ms; exiting`);
    process.exit(EXIT_DRAINED);
  }

  private forceExit(): void {
    const lifecycle = this.app.get(Lifecycle);
    this.logger.error(
      `Still draining after ${this.timeoutMs} ms (SHUTDOWN_TIMEOUT_MS) with ${lifecycle.requestsInFlight} ` +
        'requests in flight: exiting anyway',
    );
    process.exit(EXIT_FORCED);
  }
}

/**
 * Stops listening at once and resolves when every connection has closed. Node closes the idle keep-alive
 * connections when listening stops, but not the ones busy then: those are closed as they go idle.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
  });
}
