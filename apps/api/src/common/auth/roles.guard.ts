import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@flashline/contracts';
import { DomainError } from '@api/common/errors';
import { ROLES_KEY } from './roles.decorator';

/** Global guard after the JWT guard: enforces `@Roles(...)`. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<FastifyRequest>().user;
    // `@Roles` on a `@Public()` route: nobody is signed in, so nobody can hold the role.
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Authentication is required.');
    if (!roles.includes(user.role)) {
      throw new DomainError('FORBIDDEN', 'You are not allowed to do this.');
    }
    return true;
  }
}
