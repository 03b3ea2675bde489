/** The common errors room's public API: other modules import from `@api/common/errors` only. */
export { AllExceptionsFilter } from './all-exceptions.filter';
export { DomainError, notFound } from './domain-error';
export { ApiAdminErrors, ApiErrors } from './error-body.dto';
