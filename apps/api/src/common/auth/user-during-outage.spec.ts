import type { AccessTokenClaims } from './access-token.service';
import { userDuringOutage } from './user-during-outage';

const claims = (role: AccessTokenClaims['role']): AccessTokenClaims => ({
  sub: '6660a1f2b1e4c2a9d0a1b2c4',
  role,
  typ: 'access',
  jti: 'jti',
  iat: 1,
  exp: 2,
});

describe('userDuringOutage', () => {
  it('uses the last answer MongoDB gave, whatever the token claims', () => {
    const known = { id: '6660a1f2b1e4c2a9d0a1b2c4', email: 'a@flashline.test', role: 'shopper' as const };
    expect(userDuringOutage(claims('admin'), { user: known })).toBe(known);
    // A user MongoDB said does not exist stays refused (401), even with a validly signed token.
    expect(userDuringOutage(claims('shopper'), { user: null })).toBeNull();
  });

  it("takes a shopper token at its word when the user was never looked up, but not an admin's", () => {
    expect(userDuringOutage(claims('shopper'), undefined)).toEqual({
      id: '6660a1f2b1e4c2a9d0a1b2c4',
      role: 'shopper',
    });
    expect(userDuringOutage(claims('admin'), undefined)).toBeUndefined();
  });
});
