import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenModule, RolesGuard } from '@api/common/auth';
import { JwtAuthGuard } from './jwt-auth.guard';
import { UsersModule } from '@api/users';
import { AdminAccount } from './admin-account.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshTokenService } from './refresh-tokens.service';

/**
 * Sign-up, sign-in, token refresh and logout, plus the global guards: every route needs a valid access
 * token unless `@Public()` (JwtAuthGuard, registered first so it runs first), and `@Roles(...)` is enforced.
 */
@Module({
  imports: [UsersModule, AccessTokenModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    RefreshTokenService,
    AdminAccount,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AuthModule {}
