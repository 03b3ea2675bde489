import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * Set on calls whose 401 means "wrong credentials" or "no session", never "access token expired" (login,
 * register, refresh): the auth interceptor must not answer those with a refresh.
 */
export const SKIP_SESSION_REFRESH = new HttpContextToken<boolean>(() => false);

export function withoutSessionRefresh(): HttpContext {
  return new HttpContext().set(SKIP_SESSION_REFRESH, true);
}
