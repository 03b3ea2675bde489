import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@api/common/errors';
import type { AuthUser } from './auth-user';

/** The signed-in caller. Only on routes behind the JWT guard (i.e. not `@Public()`). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<FastifyRequest>().user;
  // Reaching here without a user means the route is public: refuse rather than act as nobody.
  if (!user) throw new DomainError('UNAUTHENTICATED', 'Authentication is required.');
  return user;
});
