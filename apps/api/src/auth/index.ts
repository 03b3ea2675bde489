/** The auth module's public API: other modules import from `@api/auth` only. */
export { AuthModule } from './auth.module';
