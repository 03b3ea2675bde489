import { Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { type Observable, ReplaySubject } from 'rxjs';

/**
 * Whether this process is draining: it was told to stop (SIGTERM, see GracefulShutdown) and now only
 * finishes what it already accepted. While it drains, `/api/health` answers 503, every response closes its
 * connection, SSE streams tell their clients to reconnect (to another process) and the background loops
 * (reaper, reconciler) start no new batch.
 */
@Injectable()
export class Lifecycle {
  private readonly started = new ReplaySubject<void>(1);
  private isDraining = false;
  private readonly inFlight = new Set<ServerResponse>();
  /** One listener for every response ('close' calls it with the response as `this`): nothing per request. */
  private readonly untrack: (this: ServerResponse) => void;

  constructor() {
    const inFlight = this.inFlight;
    this.untrack = function (this: ServerResponse): void {
      inFlight.delete(this);
    };
  }

  /** Emits once when draining starts (at once for a later subscriber), then completes. */
  readonly drain$: Observable<void> = this.started.asObservable();

  get draining(): boolean {
    return this.isDraining;
  }

  /** Requests accepted and not answered yet. */
  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  startDraining(): void {
    if (this.isDraining) return;
    this.isDraining = true;
    // Keep-alive connections close after the response in progress, so clients reconnect elsewhere.
    for (const response of this.inFlight) {
      if (!response.headersSent) response.setHeader('Connection', 'close');
    }
    this.started.next();
    this.started.complete();
  }

  /**
   * Fastify `onRequest` hook, first of all: tracks the requests in flight and closes connections while
   * draining. It works on the Node response (`reply.raw`): an SSE stream writes there directly.
   */
  readonly track = (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const response = reply.raw;
    if (this.isDraining) response.setHeader('Connection', 'close');
    this.inFlight.add(response);
    // 'close' fires once the response is finished or its client went away.
    response.once('close', this.untrack);
    done();
  };
}
