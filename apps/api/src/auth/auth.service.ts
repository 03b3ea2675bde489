import { Injectable } from '@nestjs/common';
import type { AuthSession, LoginRequest, RegisterRequest, User } from '@flashline/contracts';
import { AccessTokenService, TokenRevocations } from '@api/common/auth';
import { DomainError } from '@api/common/errors';
import { UsersService } from '@api/users';
import { RefreshTokenService } from './refresh-tokens.service';

/** One message for unknown email and wrong password, so a login never reveals which emails exist. */
const BAD_CREDENTIALS = 'The email or password is incorrect.';
const BAD_REFRESH_TOKEN = 'The refresh token is invalid, expired or already used.';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocations: TokenRevocations,
  ) {}

  /*
   * Every access token is signed with the time taken BEFORE its session was proven (password checked,
   * refresh token consumed), as its `iatMs`. So a token whose proof raced a revocation (a refresh consumed
   * just before "sign out everywhere" deleted its family, a role read just before it changed) is dated
   * before the revocation's watermark and refused with the rest.
   */

  async register(input: RegisterRequest): Promise<AuthSession> {
    const provenAt = Date.now();
    return this.startSession(await this.users.register(input), provenAt);
  }

  async login(input: LoginRequest): Promise<AuthSession> {
    const provenAt = Date.now();
    const user = await this.users.verifyCredentials(input.email, input.password);
    if (!user) throw new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS);
    return this.startSession(user, provenAt);
  }

  async refresh(refreshToken: string | undefined): Promise<AuthSession> {
    const provenAt = Date.now();
    const rotated = refreshToken ? await this.refreshTokens.rotate(refreshToken) : undefined;
    if (!rotated) throw new DomainError('UNAUTHENTICATED', BAD_REFRESH_TOKEN);
    const user = await this.users.findById(rotated.userId);
    if (!user) {
      // The account is gone: end the family rather than leave a live token pointing at nobody.
      await this.refreshTokens.revoke(rotated.refreshToken, rotated.userId);
      throw new DomainError('UNAUTHENTICATED', BAD_REFRESH_TOKEN);
    }
    return this.session(user, rotated.refreshToken, provenAt);
  }

  async logout(userId: string, refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await this.refreshTokens.revoke(refreshToken, userId);
  }

  /**
   * Sign out everywhere: every refresh family of the user first, then the access-token watermark (now),
   * so a refresh that won its race with the first step signed a token dated before the second.
   */
  async logoutAll(userId: string): Promise<void> {
    await this.refreshTokens.revokeAll(userId);
    await this.revocations.revoke(userId, Date.now());
  }

  async me(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists.');
    return user;
  }

  private async startSession(user: User, provenAt: number): Promise<AuthSession> {
    return this.session(user, await this.refreshTokens.issue(user.id), provenAt);
  }

  private session(user: User, refreshToken: string, provenAt: number): AuthSession {
    return {
      accessToken: this.accessTokens.sign(user, provenAt),
      refreshToken,
      expiresIn: this.accessTokens.ttlSeconds,
      user,
    };
  }
}
