import { DomainError } from '@api/common/errors';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

const ACCEPTABLE_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** The `Idempotency-Key` header, if sent; a key that could not name an operation safely is a 400. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && ACCEPTABLE_KEY.test(value)) return value;
  throw new DomainError('VALIDATION_FAILED', 'The request is not valid.', [
    { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1-128 letters, digits or . _ : -' },
  ]);
}
