import {
  type ArgumentMetadata,
  type PipeTransform,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
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

/**
 * A DTO of a hot route (reserve, joining the line) that recognises a valid plain value itself: class-validator
 * and class-transformer walk their metadata for every request, which was the largest single cost of a reserve
 * after the socket (`npm run bench -- --only reserve --profile`). `acceptPlain` returns the DTO only for a value
 * that is certainly valid under the class's decorators, else `undefined`; anything it does not accept goes
 * through the full pipe, so every refusal and its details stay exactly class-validator's.
 * `flash-sale/dto/accept-plain.spec.ts` holds each such DTO to that: whatever it accepts, the full pipe accepts as equal.
 */
export interface PlainAcceptingDto {
  acceptPlain(value: unknown): object | undefined;
}

function acceptsPlain(
  metatype: ArgumentMetadata['metatype'],
): metatype is ArgumentMetadata['metatype'] & PlainAcceptingDto {
  return typeof (metatype as Partial<PlainAcceptingDto> | undefined)?.acceptPlain === 'function';
}

/**
 * For {@link PlainAcceptingDto}s: the value of `field` when `value` is an object with that one key and no
 * other (the pipe forbids unknown keys), else `undefined`.
 */
export function soleField(value: unknown, field: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  let found: unknown;
  for (const key in value) {
    if (key !== field) return undefined;
    found = (value as Record<string, unknown>)[key];
  }
  return found;
}

/** The one validation of request input: a DTO's own fast acceptance first, then class-validator. */
export class RequestValidationPipe implements PipeTransform<unknown> {
  private readonly full = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'The request is not valid.', capDetails(toErrorDetails(errors))),
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const accepted = acceptsPlain(metadata.metatype) ? metadata.metatype.acceptPlain(value) : undefined;
    return accepted ?? this.full.transform(value, metadata);
  }
}

export function createValidationPipe(): RequestValidationPipe {
  return new RequestValidationPipe();
}
