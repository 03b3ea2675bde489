import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A client-sent id is kept only when it is short and plain, so it cannot inject into logs or headers. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's `genReqId`: the client's `X-Request-Id` when acceptable, else a fresh UUID. Fastify calls it
 * before routing, so even a request that matches no route or whose body fails to parse has its id.
 */
export function requestIdFor(request: { headers: IncomingHttpHeaders }): string {
  const sent = request.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && ACCEPTABLE_ID.test(sent) ? sent : randomUUID();
}
