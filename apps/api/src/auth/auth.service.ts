import { Injectable } from '@nestjs/common';
import type { AuthSession, LoginRequest, RegisterRequest, User } from '@flashline/contracts';
import { AccessTokenService } from '@api/common/auth/access-token.service';
import { DomainError } from '@api/common/errors/domain-error';
import { UsersService } from '@api/users/users.service';
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
  ) {}

  async register(input: RegisterRequest): Promise<AuthSession> {
    return this.startSession(await this.users.register(input));
  }

  async login(input: LoginRequest): Promise<AuthSession> {
    const user = await this.users.verifyCredentials(input.email, input.password);
    if (!user) throw new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS);
    return this.startSession(user);
  }

  async refresh(refreshToken: string | undefined): Promise<AuthSession> {
    const rotated = refreshToken ? await this.refreshTokens.rotate(refreshToken) : undefined;
    if (!rotated) throw new DomainError('UNAUTHENTICATED', BAD_REFRESH_TOKEN);
    const user = await this.users.findById(rotated.userId);
    if (!user) {
      // The account is gone: end the family rather than leave a live token pointing at nobody.
      await this.refreshTokens.revoke(rotated.refreshToken, rotated.userId);
      throw new DomainError('UNAUTHENTICATED', BAD_REFRESH_TOKEN);
    }
    return this.session(user, rotated.refreshToken);
  }

  async logout(userId: string, refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await this.refreshTokens.revoke(refreshToken, userId);
  }

  async me(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists.');
    return user;
  }

  private async startSession(user: User): Promise<AuthSession> {
    return this.session(user, await this.refreshTokens.issue(user.id));
  }

  private session(user: User, refreshToken: string): AuthSession {
    return {
      accessToken: this.accessTokens.sign(user),
      refreshToken,
      expiresIn: this.accessTokens.ttlSeconds,
      user,
    };
  }
}
