import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorDetail } from '@flashline/contracts';
import { DomainError } from '../errors/domain-error';

/** Flattens class-validator's nested errors into `{ field: 'lines.0.quantity', message }` details. */
export function toErrorDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toErrorDetails(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'The request is not valid.', toErrorDetails(errors)),
  });
}
