import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import passport from 'passport';
import { DomainError } from '@api/common/errors/domain-error';
import type { AuthUser } from '@api/common/auth/auth-user';
import { IS_PUBLIC_KEY } from '@api/common/auth/public.decorator';
import { type AuthFailure, JwtStrategy } from './jwt.strategy';

/**
 * Global guard: every route needs a valid access token unless it is `@Public()`. It hands passport this
 * app's own strategy instance instead of a name: passport's registry is process-global, so by name two
 * apps in one process (tests) would authenticate through whichever registered last.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    request.user = await this.authenticate(request, http.getResponse<Response>());
    return true;
  }

  private authenticate(request: Request, response: Response): Promise<AuthUser> {
    return new Promise<AuthUser>((resolve, reject) => {
      // A fresh object per request: passport uses a strategy instance it is given as is and sets its
      // success/fail callbacks on it, so concurrent requests sharing one would answer each other's.
      const middleware = passport.authenticate(
        Object.create(this.strategy) as JwtStrategy,
        { session: false },
        (error: unknown, user: AuthUser | false | null, info: unknown) => {
          // An error is a failure to check (e.g. MongoDB down), not a bad token: let the filter map it.
          if (error) reject(error);
          else if (!user) reject(unauthenticated(info));
          else resolve(user);
        },
      ) as (req: Request, res: Response, next: (error?: unknown) => void) => void;
      middleware(request, response, reject);
    });
  }
}

function unauthenticated(info: unknown): DomainError {
  const expired = (info as AuthFailure | undefined)?.reason === 'expired';
  return new DomainError(
    'UNAUTHENTICATED',
    expired ? 'The access token has expired.' : 'A valid access token is required.',
  );
}
