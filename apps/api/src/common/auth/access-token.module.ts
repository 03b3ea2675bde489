import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';

/** Access-token signing and verification, shared by the auth module and the rate limiter. */
@Module({ providers: [AccessTokenService], exports: [AccessTokenService] })
export class AccessTokenModule {}
