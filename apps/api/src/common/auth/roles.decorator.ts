import { SetMetadata } from '@nestjs/common';
import type { Role } from '@flashline/contracts';

export const ROLES_KEY = 'flashline:roles';

/** Restricts a route (or controller) to callers with one of these roles; others get 403 FORBIDDEN. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
