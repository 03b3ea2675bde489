import type { AccessTokenClaims } from './access-token.service';
import type { AuthUser } from './auth-user';

/**
 * Who a verified access token stands for while MongoDB cannot be asked (an outage), or `undefined` when
 * that cannot be decided safely: the request then fails with 503 SERVICE_UNAVAILABLE.
 *
 * Normally each token's user is looked up in MongoDB (cached USER_CACHE_TTL_MS per process), so a deleted
 * user loses access within that time. Reserving needs only Redis, so a MongoDB outage must not sign every
 * shopper out of a running sale. During the outage only:
 * 1. the last answer MongoDB gave this process for the user is used, however old (a user it said is gone
 *    stays refused: `null`, 401);
 * 2. otherwise a shopper's token is taken at its word: its signature proves this API issued it to this
 *    user id with this role, at most ACCESS_TOKEN_TTL ago. The cost is that an account deleted in that
 *    window keeps shopper access until the outage ends or the token expires, which is what a stateless
 *    token gives anyway;
 * 3. an admin token never looked up by this process is refused: admin routes can do the most harm and
 *    need MongoDB nearly all of them, so nothing is gained by trusting a role claim there.
 */
export function userDuringOutage(
  claims: AccessTokenClaims,
  lastKnown: { user: AuthUser | null } | undefined,
): AuthUser | null | undefined {
  if (lastKnown) return lastKnown.user;
  if (claims.role === 'shopper') return { id: claims.sub, role: 'shopper' };
  return undefined;
}
