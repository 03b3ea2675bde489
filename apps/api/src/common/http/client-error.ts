import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '@flashline/contracts';

/** What Node's HTTP parser refused, as the status Node itself would answer and the message we show. */
function refusalOf(error: NodeJS.ErrnoException): { status: number; reason: string; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      reason: 'Request Header Fields Too Large',
      message: 'The request line or headers are too large.',
    };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, reason: 'Request Timeout', message: 'The request took too long to arrive.' };
  }
  return { status: 400, reason: 'Bad Request', message: 'The request is not valid HTTP.' };
}

/**
 * Requests Node's HTTP parser refuses (a URL or headers over `--max-http-header-size`, 16 KiB by default;
 * malformed HTTP; a request that never finishes arriving within HTTP_REQUEST_TIMEOUT_MS) never reach
 * Fastify's routing, so no hook, filter or request id sees them, and Fastify would answer its own JSON.
 * This is Fastify's `clientErrorHandler`: it answers them in the contract's error shape instead, with a
 * fresh request id, as Node does only while nothing has been written to the socket yet; then the
 * connection is closed (the parser cannot continue on it). The code is `VALIDATION_FAILED`: the closest
 * contract code to "this request cannot be read".
 */
export function answerClientErrorInShape(
  error: NodeJS.ErrnoException,
  socket: Duplex & { bytesWritten?: number },
): void {
  if (error.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
    socket.destroy();
    return;
  }
  const { status, reason, message } = refusalOf(error);
  const requestId = randomUUID();
  const body: ErrorBody = { error: { code: 'VALIDATION_FAILED', message, requestId } };
  const json = JSON.stringify(body);
  socket.end(
    [
      `HTTP/1.1 ${status} ${reason}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(json)}`,
      `X-Request-Id: ${requestId}`,
      'X-Content-Type-Options: nosniff',
      'Cache-Control: no-store',
      'Connection: close',
      '',
      json,
    ].join('\r\n'),
  );
}

/**
 * The body for Fastify's `frameworkErrors` (see bootstrap.ts): a URL its router cannot decode (bad
 * percent-encoding) is refused before any hook runs; it gets the contract's error shape and request id.
 */
export function badUrlBody(requestId: string): ErrorBody {
  return { error: { code: 'VALIDATION_FAILED', message: 'The request URL is not valid.', requestId } };
}
