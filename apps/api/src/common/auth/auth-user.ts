import type { Role } from '@flashline/contracts';

/** The caller of an authenticated request, as the JWT strategy attaches it to `request.user`. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}
