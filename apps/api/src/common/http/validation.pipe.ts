import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorDetail } from '@flashline/contracts';
import { DomainError } from '@api/common/errors';

/**
 * At most this many `details` in one answer; the rest are counted in a last entry. A 16 KiB body with
 * 1,500 unknown keys otherwise made a 91 KB answer: a client must never get more back than it sent.
 */
export const MAX_ERROR_DETAILS = 20;
/** Longest field or message in a detail (an unknown key's name is the client's and is echoed back). */
export const MAX_DETAIL_TEXT = 200;

/** Flattens class-validator's nested errors into `{ field: 'lines.0.quantity', message }` details. */
export function toErrorDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toErrorDetails(error.children ?? [], field)];
  });
}

/** The first {@link MAX_ERROR_DETAILS} details, each text cut to {@link MAX_DETAIL_TEXT}, then "… and N more". */
export function capDetails(details: ErrorDetail[]): ErrorDetail[] {
  const kept = details.slice(0, MAX_ERROR_DETAILS).map(({ field, message }) => ({
    field: truncate(field),
    message: truncate(message),
  }));
  const more = details.length - kept.length;
  return more > 0 ? [...kept, { field: '', message: `… and ${more} more` }] : kept;
}

function truncate(text: string): string {
  return text.length <= MAX_DETAIL_TEXT ? text : `${text.slice(0, MAX_DETAIL_TEXT - 1)}…`;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'The request is not valid.', capDetails(toErrorDetails(errors))),
  });
}
