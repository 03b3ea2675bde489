/** The common auth room's public API: other modules import from `@api/common/auth` only. */
export { AccessTokenModule } from './access-token.module';
export { type AccessTokenClaims, AccessTokenService, type TokenRefusal } from './access-token.service';
export type { AuthUser } from './auth-user';
export { clearCookie, cookieOf, setCookie } from './cookies';
export { CurrentUser } from './current-user.decorator';
export { DEVICE_COOKIE_PATH, DEVICE_COOKIE_TTL_MS, DeviceCookies } from './device-cookies';
export { IS_PUBLIC_KEY, Public } from './public.decorator';
export { Roles } from './roles.decorator';
export { RolesGuard } from './roles.guard';
export { REVOKED_FOREVER, TokenRevocations } from './token-revocations';
