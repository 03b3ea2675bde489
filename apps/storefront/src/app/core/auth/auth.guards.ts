import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { AuthStore } from './auth.store';

/** Pages that need a shopper: anyone else goes to sign in, and comes back here afterwards. */
export const requireUser: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  await auth.restore();
  return auth.isSignedIn()
    ? true
    : router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};

/** Sign-in and register: a shopper who is already signed in has nothing to do there. */
export const requireGuest: CanActivateFn = async () => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  await auth.restore();
  return auth.isSignedIn() ? router.createUrlTree(['/']) : true;
};
