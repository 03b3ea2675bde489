import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { DomainError } from '@api/common/errors';

/**
 * How deeply objects and arrays may nest in a JSON body. The API's deepest DTO (cart lines) nests 3 levels;
 * class-transformer and class-validator walk a body recursively, so a body 2,500 levels deep overflowed the
 * stack (500). The parser refuses it before anything recursive sees it.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Only UTF-8 (JSON's own encoding, RFC 8259) is read; a body that declares another charset is refused. */
const OTHER_CHARSET = /;\s*charset\s*=\s*"?(?!utf-?8"?\s*(;|$))/i;

/**
 * Whether the JSON text in `bytes` opens more than `max` objects or arrays inside one another. One pass,
 * no recursion, no allocation: brackets inside strings do not count (UTF-8 continuation bytes are all
 * >= 0x80, so they never look like a quote or a bracket).
 */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** body-parser's `strict` mode, kept: a body is an object or an array, never a bare value. */
function firstSignificantByte(bytes: Uint8Array): number | undefined {
  for (const byte of bytes) if (!WHITESPACE.has(byte)) return byte;
  return undefined;
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_MEDIA_TYPE = /^\s*application\/json\s*(;|$)/i;

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * `onRequest` hook, before routing decides anything: a body must be JSON, whatever the route (an unknown
 * route with a text body is 415, as it always was). Any other body would otherwise never be read; refuse it.
 */
export function requireJsonBody(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  if (
    !METHODS_WITH_BODY.has(request.method) ||
    !hasBody(request) ||
    JSON_MEDIA_TYPE.test(request.headers['content-type'] ?? '')
  ) {
    done();
    return;
  }
  done(
    new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      'The request body must be JSON (Content-Type: application/json).',
    ),
  );
}

const notJson = (): DomainError =>
  new DomainError('VALIDATION_FAILED', 'The request body is not valid JSON.');

/** The body of a JSON request: `{}` when empty (as before), else the parsed object or array. */
export function parseJsonBody(bytes: Buffer): unknown {
  const first = firstSignificantByte(bytes);
  if (first === undefined) return {};
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) throw notJson();
  if (nestsDeeperThan(bytes, MAX_JSON_DEPTH)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels.`,
    );
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw notJson();
  }
}

/**
 * The API's only body parser: bodies must be `application/json` (UTF-8). Fastify answers any other
 * content type with its own 415 (FST_ERR_CTP_INVALID_MEDIA_TYPE), which the error mapping turns into
 * UNSUPPORTED_MEDIA_TYPE; so does a body without a Content-Type. Requests for which `keepRaw` is true (the
 * payments webhook, whose signature covers the exact bytes) get the raw Buffer instead. Sizes are Fastify's
 * `bodyLimit` (the route's own when it has one), counted after decompression (see content-encoding.ts).
 */
export function registerJsonBodyParser(
  fastify: FastifyInstance,
  keepRaw: (request: FastifyRequest) => boolean,
): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const contentType = request.headers['content-type'] ?? '';
    if (OTHER_CHARSET.test(contentType)) {
      done(
        new DomainError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON encoded as UTF-8.'),
        undefined,
      );
      return;
    }
    const bytes = body as Buffer;
    if (keepRaw(request)) {
      done(null, bytes);
      return;
    }
    try {
      done(null, parseJsonBody(bytes));
    } catch (error) {
      done(error as DomainError, undefined);
    }
  });
}
