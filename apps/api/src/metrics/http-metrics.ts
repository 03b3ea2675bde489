import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { routeOf } from '@api/common/logging';
import { histogram } from './registry';

export const httpRequestDuration = histogram(
  'http_request_duration_seconds',
  'HTTP request latency by method, route pattern and status.',
  ['method', 'route', 'status'],
  [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
);

/**
 * `onResponse` hook: records every request under its route pattern (never the raw URL: ids would explode
 * the labels), `unmatched` when no route matched. Fastify measured the duration already.
 */
export function recordHttpRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  httpRequestDuration.observe(
    { method: request.method, route: routeOf(request) ?? 'unmatched', status: String(reply.statusCode) },
    reply.elapsedTime / 1000,
  );
  done();
}
