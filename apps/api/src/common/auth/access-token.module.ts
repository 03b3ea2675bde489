import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import { DeviceCookies } from './device-cookies';
import { TokenRevocations } from './token-revocations';

const PROVIDERS = [AccessTokenService, TokenRevocations, DeviceCookies];

/** Access tokens (signing, verification, revocation) and device cookies, for auth and the rate limiter. */
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class AccessTokenModule {}
