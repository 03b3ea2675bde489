import { HttpErrorResponse } from '@angular/common/http';
import { type ErrorCode, type ErrorDetail, isErrorBody } from '@flashline/contracts';

/** A contract error code, or what the client saw when there was no contract body to read. */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'UNEXPECTED';

/** Any failed API call, normalised: what a store keeps and a page shows. */
export interface ApiError {
  readonly status: number;
  readonly code: ApiErrorCode;
  /** The contract's `error.message` when there is one: safe to show as is. */
  readonly message: string;
  readonly details: readonly ErrorDetail[];
  /** Seconds from `Retry-After` (429 and 503), when the server sent it. */
  readonly retryAfterSeconds: number | null;
}

export const NETWORK_ERROR_MESSAGE = "We couldn't reach Flashline. Check your connection and try again.";
export const UNEXPECTED_ERROR_MESSAGE = 'Something went wrong on our side. Please try again.';

/** `Retry-After` is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function toApiError(error: unknown, now = Date.now()): ApiError {
  if (!(error instanceof HttpErrorResponse)) {
    return {
      status: 0,
      code: 'UNEXPECTED',
      message: UNEXPECTED_ERROR_MESSAGE,
      details: [],
      retryAfterSeconds: null,
    };
  }
  const retryAfterSeconds = parseRetryAfter(error.headers.get('Retry-After'), now);
  if (isErrorBody(error.error)) {
    const { code, message, details } = error.error.error;
    return { status: error.status, code, message, details: details ?? [], retryAfterSeconds };
  }
  const network = error.status === 0;
  return {
    status: error.status,
    code: network ? 'NETWORK' : 'UNEXPECTED',
    message: network ? NETWORK_ERROR_MESSAGE : UNEXPECTED_ERROR_MESSAGE,
    details: [],
    retryAfterSeconds,
  };
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' && value !== null && 'code' in value && 'status' in value && 'message' in value
  );
}
