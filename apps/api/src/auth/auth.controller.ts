import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthSession, User } from '@flashline/contracts';
import {
  type AuthUser,
  CurrentUser,
  DEVICE_COOKIE_PATH,
  DEVICE_COOKIE_TTL_MS,
  DeviceCookies,
  Public,
  setCookie,
} from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import { RateLimit } from '@api/common/rate-limit';
import { AppConfig } from '@api/config';
import { AuthService } from './auth.service';
import { UserDto } from '@api/users';
import { AuthSessionDto, LoginDto, RefreshDto, RegisterDto } from './dto/auth.dto';
import { clearRefreshCookie, refreshTokenOf, setRefreshCookie } from './refresh-cookie';

/** On every answer that carries a token: no browser, proxy or CDN may keep a copy. */
const NoStore = (): MethodDecorator => Header('Cache-Control', 'no-store');

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly devices: DeviceCookies,
  ) {}

  @Public()
  @RateLimit('register')
  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  @NoStore()
  @ApiOperation({
    summary: 'Create a shopper account and sign in',
    description:
      'A taken email is 409 CONFLICT, as the contract says: this tells whoever asks that the email has an ' +
      'account. Accepted on purpose (see docs/auth.md): the register-ip and register-email limits bound how ' +
      'fast anyone can ask, and login never tells.',
  })
  @ApiCreatedResponse({ type: AuthSessionDto, description: 'Also sets the refresh and device cookies.' })
  @ApiErrors('VALIDATION_FAILED', 'CONFLICT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async register(
    @Body() body: RegisterDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AuthSession> {
    return this.signedIn(response, await this.auth.register(body));
  }

  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @NoStore()
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'Throttled per account and per client address; a browser that signed in to the account before ' +
      'presents its device cookie and is throttled on its own, so strangers guessing cannot lock it out.',
  })
  @ApiOkResponse({ type: AuthSessionDto, description: 'Also sets the refresh and device cookies.' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async login(
    @Body() body: LoginDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AuthSession> {
    return this.signedIn(response, await this.auth.login(body));
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @NoStore()
  @ApiOperation({
    summary: 'Exchange a refresh token (body or cookie) for a new session',
    description: 'Refresh tokens are single-use: presenting a used one revokes its whole family.',
  })
  @ApiOkResponse({ type: AuthSessionDto, description: 'Rotated; also sets the refresh cookie.' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AuthSession> {
    try {
      return this.withCookie(response, await this.auth.refresh(refreshTokenOf(request, body.refreshToken)));
    } catch (error) {
      // A refused cookie is worthless: drop it so the client stops sending it.
      clearRefreshCookie(response, this.config);
      throw error;
    }
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Sign out: revoke the refresh token's family (body or cookie)" })
  @ApiNoContentResponse({ description: 'Revoked (or nothing to revoke); the refresh cookie is cleared.' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async logout(
    @CurrentUser() user: AuthUser,
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(user.id, refreshTokenOf(request, body.refreshToken));
    clearRefreshCookie(response, this.config);
  }

  @ApiBearerAuth()
  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @NoStore()
  @ApiOperation({
    summary: 'Sign out everywhere',
    description:
      'Revokes every refresh token of the caller; every access token issued to the caller before this call is refused by every API process within 5 s.',
  })
  @ApiNoContentResponse({ description: 'Revoked; the refresh cookie is cleared.' })
  @ApiErrors('UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async logoutAll(
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<void> {
    await this.auth.logoutAll(user.id);
    clearRefreshCookie(response, this.config);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors('UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  me(@CurrentUser() user: AuthUser): Promise<User> {
    return this.auth.me(user.id);
  }

  /** A fresh sign-in: the refresh cookie, and the device cookie that recognises this browser next time. */
  private signedIn(response: FastifyReply, session: AuthSession): AuthSession {
    const device = this.devices.issue(session.user.email);
    setCookie(response, { ...device, path: DEVICE_COOKIE_PATH, maxAgeMs: DEVICE_COOKIE_TTL_MS }, this.config);
    return this.withCookie(response, session);
  }

  private withCookie(response: FastifyReply, session: AuthSession): AuthSession {
    setRefreshCookie(response, session.refreshToken, this.config);
    return session;
  }
}
