import type { Role } from '@flashline/contracts';

/** The caller of an authenticated request, as the JWT strategy attaches it to `request.user`. */
export interface AuthUser {
  id: string;
  /** Absent when the user was taken from a verified token during a MongoDB outage (userDuringOutage). */
  email?: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by JwtAuthGuard on routes that are not `@Public()`. */
    user?: AuthUser;
  }
}
