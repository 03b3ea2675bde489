import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
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
import type { AuthUser } from '@api/common/auth/auth-user';
import { CurrentUser } from '@api/common/auth/current-user.decorator';
import { Public } from '@api/common/auth/public.decorator';
import { ApiErrors } from '@api/common/errors/error-body.dto';
import { RateLimit } from '@api/common/rate-limit/rate-limit.decorator';
import { AppConfig } from '@api/config/app-config';
import { AuthService } from './auth.service';
import { AuthSessionDto, LoginDto, RefreshDto, RegisterDto, UserDto } from './dto/auth.dto';
import { clearRefreshCookie, refreshTokenOf, setRefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @RateLimit('register')
  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a shopper account and sign in' })
  @ApiCreatedResponse({ type: AuthSessionDto, description: 'Also sets the refresh cookie.' })
  @ApiErrors('VALIDATION_FAILED', 'CONFLICT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async register(
    @Body() body: RegisterDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AuthSession> {
    return this.withCookie(response, await this.auth.register(body));
  }

  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: AuthSessionDto, description: 'Also sets the refresh cookie.' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async login(
    @Body() body: LoginDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AuthSession> {
    return this.withCookie(response, await this.auth.login(body));
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
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
      return this.withCookie(
        response,
        await this.auth.refresh(refreshTokenOf(request, body.refreshToken, this.config)),
      );
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
    await this.auth.logout(user.id, refreshTokenOf(request, body.refreshToken, this.config));
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

  private withCookie(response: FastifyReply, session: AuthSession): AuthSession {
    setRefreshCookie(response, session.refreshToken, this.config);
    return session;
  }
}
