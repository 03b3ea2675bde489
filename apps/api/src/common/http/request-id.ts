import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A client-sent id is kept only when it is short and plain, so it cannot inject into logs or headers. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type RequestWithId = Request & { id?: string };

/** Runs before everything else, so even a body that fails to parse is answered with its request id. */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const sent = request.header(REQUEST_ID_HEADER);
  const id = sent && ACCEPTABLE_ID.test(sent) ? sent : randomUUID();
  (request as RequestWithId).id = id;
  response.setHeader('X-Request-Id', id);
  next();
}

export function requestIdOf(request: Request): string {
  return (request as RequestWithId).id ?? 'unknown';
}
