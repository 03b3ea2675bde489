import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@api/config';
import { IndexMigration, MigrationModule } from '@api/migrations';

/**
 * `npm run migrate` (in the image: `node dist/apps/api/apps/api/src/migrate.js`): builds every collection and
 * index once per deploy, before the new API processes start (they do not build them in production, see
 * MONGO_AUTO_INDEX). Same configuration as the API. Exits 0 when done, 1 on any failure.
 */
async function main(): Promise<void> {
  loadConfig(process.env);
  const context = await NestFactory.createApplicationContext(MigrationModule, { bufferLogs: true });
  context.useLogger(context.get(Logger));
  try {
    const collections = await context.get(IndexMigration).run();
    context.get(Logger).log(`Migration done: ${collections.length} collections and their indexes`);
  } finally {
    await context.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`Invalid configuration: ${error.message}`);
    } else {
      console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  },
);
