import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from '@flashline/contracts';
import { DomainError } from './domain-error';

/** What the filter writes: a contract code, a message safe to show, and the status. */
export interface MappedError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
  /** True when the error is a bug or an unknown failure: it is logged with its stack. */
  unexpected: boolean;
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'RESERVATION_EXPIRED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid.',
  UNAUTHENTICATED: 'Authentication is required.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'The request conflicts with the current state.',
  SOLD_OUT: 'This flash sale is sold out.',
  LIMIT_REACHED: 'You have reached the limit for this sale.',
  SALE_NOT_ACTIVE: 'This flash sale is not active.',
  NOT_ADMITTED: 'This sale has a waiting room: join the line and wait to be admitted before you reserve.',
  RESERVATION_EXPIRED: 'This reservation has expired.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be JSON (Content-Type: application/json).',
  RATE_LIMITED: 'Too many requests: try again later.',
  SERVICE_UNAVAILABLE: 'A service this request needs is unavailable: try again shortly.',
  INTERNAL: 'Something went wrong on our side.',
};

/** Names of driver errors that mean "a dependency is unreachable", never "a bug". */
const UNAVAILABLE_ERROR_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MaxRetriesPerRequestError',
  'ClusterAllFailedError',
]);

/**
 * Stripe errors (the `stripe` package's `type`, which it sets to the class name) that mean Stripe could not
 * be reached or failed on its side: the request may be retried later. Its other errors are bugs of ours.
 */
const STRIPE_UNAVAILABLE_TYPES = new Set(['StripeConnectionError', 'StripeAPIError', 'StripeRateLimitError']);

/** Messages of the drivers' connection-level errors (ioredis, ioredis Cluster, MongoDB) and Redis' own. */
const UNAVAILABLE_MESSAGES = [
  /Connection is closed/i,
  /Command timed out/i,
  /Socket timeout/i,
  /Stream isn't writeable/i,
  /ECONNREFUSED/,
  /ETIMEDOUT/,
  /Ready check failed/i,
  /buffering timed out/i,
  /before initial connection is complete/i,
  // Redis Cluster: the client lost its nodes or its slot map, or a slot is moving (retry later).
  /Cluster isn't ready/i,
  /Cluster is disconnect/i,
  /Node is disconnected/i,
  /None of startup nodes is available/i,
  /Too many Cluster redirections/i,
  /^(CLUSTERDOWN|TRYAGAIN|LOADING|MASTERDOWN)\b/,
];

/** Turns anything thrown anywhere in a request into the contract's one error shape. */
export function mapError(error: unknown): MappedError {
  if (error instanceof DomainError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      details: error.details,
      headers: error.headers,
      unexpected: false,
    };
  }
  if (error instanceof ThrottlerException) {
    return known('RATE_LIMITED');
  }
  if (error instanceof HttpException) {
    return fromHttpException(error);
  }
  const requestStatus = requestErrorStatus(error);
  if (requestStatus !== undefined) {
    return fromStatus(requestStatus);
  }
  if (isUnavailable(error)) {
    return { ...known('SERVICE_UNAVAILABLE'), unexpected: true };
  }
  return { status: 500, code: 'INTERNAL', message: DEFAULT_MESSAGES.INTERNAL, unexpected: true };
}

function known(code: ErrorCode, message = DEFAULT_MESSAGES[code]): MappedError {
  return { status: ERROR_STATUS[code], code, message, unexpected: false };
}

function fromStatus(status: number): MappedError {
  const code = STATUS_CODES[status];
  if (code) return { ...known(code), status };
  return status >= 500
    ? { status: 500, code: 'INTERNAL', message: DEFAULT_MESSAGES.INTERNAL, unexpected: true }
    : { ...known('VALIDATION_FAILED'), status: 400 };
}

function fromHttpException(error: HttpException): MappedError {
  const status = error.getStatus();
  const mapped = fromStatus(status);
  if (status === HttpStatus.BAD_REQUEST && error.cause instanceof SyntaxError) {
    return { ...mapped, message: 'The request body is not valid JSON.' };
  }
  if (status === HttpStatus.NOT_FOUND) {
    return { ...mapped, message: 'No such route or resource.' };
  }
  return mapped;
}

/**
 * Errors raised while a request is read carry the 4xx status they mean: Fastify sets `statusCode` on any
 * error of the body stream (400 unless it said otherwise), http-errors objects have `status` and `type`.
 * Such a status is the client's mistake, never a 500. Stripe's errors also carry a `statusCode` (the
 * status Stripe answered us): those are ours, not the client's, and stay out of this.
 */
function requestErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode, type } = error as { status?: unknown; statusCode?: unknown; type?: unknown };
  if (typeof type === 'string' && type.startsWith('Stripe')) return undefined;
  if (typeof status === 'number' && typeof type === 'string') return status;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return statusCode;
  if (error instanceof SyntaxError) return 400;
  return undefined;
}

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { type } = error as { type?: unknown };
  return (
    UNAVAILABLE_ERROR_NAMES.has(error.name) ||
    (typeof type === 'string' && STRIPE_UNAVAILABLE_TYPES.has(type)) ||
    UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))
  );
}
