import type { AuthSession } from '@flashline/contracts';

/** A signed-in shopper's session, as the API answers a sign-in or a refresh. */
export const SHOPPER_SESSION: AuthSession = {
  accessToken: 'a',
  refreshToken: 'r',
  expiresIn: 900,
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'shopper' },
};
