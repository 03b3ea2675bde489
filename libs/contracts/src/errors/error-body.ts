import type { ErrorCode } from './error-codes';

/** One field-level problem, listed in `details` of a validation failure. */
export interface ErrorDetail {
  field: string;
  message: string;
}

/** The one error shape: the body of every non-2xx response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: ErrorDetail[];
    requestId: string;
  };
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}
