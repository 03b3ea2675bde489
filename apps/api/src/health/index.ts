/** The health module's public API: other modules import from `@api/health` only. */
export { HealthModule } from './health.module';
