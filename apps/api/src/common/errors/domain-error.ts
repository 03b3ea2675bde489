import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from '@flashline/contracts';

/**
 * An expected failure named by a contract code. Services throw it; the one exception filter turns it into
 * the contract's error shape with the code's status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'Resource'): DomainError =>
  new DomainError('NOT_FOUND', `${what} not found.`);
