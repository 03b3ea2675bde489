import { IncomingMessage, type OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import helmet from 'helmet';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * helmet's headers (its defaults: CSP, HSTS, nosniff, frame and referrer rules…), worked out once at start-up by
 * running helmet's own middleware against a throwaway response. They are the same for every answer, and
 * `@fastify/helmet` rebuilt helmet for each request (its CSP directives parsed again every time) in two
 * hooks, one async: 6% of a reserve's CPU (`npm run bench -- --only reserve --profile`).
 */
export function helmetHeaders(): Readonly<Record<string, string>> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  helmet()(response.req, response, (err?: unknown) => {
    if (err !== undefined) throw err;
  });
  return Object.freeze(asStrings(response.getHeaders()));
}

function asStrings(headers: OutgoingHttpHeaders): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) strings[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return strings;
}

/**
 * `onRequest` hook: every answer, errors and refusals included, carries its request id and the security
 * headers (the same object each time: nothing is built per request).
 */
export function setAnswerHeaders(security: Readonly<Record<string, string>>): onRequestHookHandler {
  return function answerHeaders(
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ): void {
    reply.header(REQUEST_ID_HEADER, request.id).headers(security);
    done();
  };
}
