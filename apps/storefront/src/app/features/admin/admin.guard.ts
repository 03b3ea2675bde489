import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';

/**
 * Admin pages: a visitor goes to sign in (and comes back afterwards), a signed-in shopper to the
 * "admins only" page. The API refuses shoppers anyway (403); this keeps them from a page that cannot work.
 */
export const requireAdmin: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  await auth.restore();
  const user = auth.user();
  if (user === null) return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
  return user.role === 'admin' ? true : router.createUrlTree(['/admin/forbidden']);
};
