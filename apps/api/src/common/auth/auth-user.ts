import type { Role } from '@flashline/contracts';

/** The caller of an authenticated request, as the access token's claims say (see JwtAuthGuard). */
export interface AuthUser {
  readonly id: string;
  readonly role: Role;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by JwtAuthGuard on every route that is not `@Public()`. */
      user?: AuthUser;
    }
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by JwtAuthGuard on routes that are not `@Public()`. */
    user?: AuthUser;
  }
}
