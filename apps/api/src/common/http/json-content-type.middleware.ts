import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Bodies must be JSON. A body of another type would otherwise be silently ignored by the JSON parser and
 * reach validation as an empty object: refuse it with 415 instead.
 */
export function requireJsonBody(request: Request, _response: Response, next: NextFunction): void {
  if (!METHODS_WITH_BODY.has(request.method) || !hasBody(request) || request.is('application/json')) {
    next();
    return;
  }
  next(
    new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      'The request body must be JSON (Content-Type: application/json).',
    ),
  );
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
