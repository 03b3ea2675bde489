/** The migrations module's public API: other modules import from `@api/migrations` only. */
export { IndexMigration } from './index-migration.service';
export { MigrationModule } from './migration.module';
