import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LoggingModule } from '@api/common/logging';
import { ConfigModule } from '@api/config';
import { DatabaseModule } from '@api/database';
import { IndexMigration } from './index-migration.service';
import { MODEL_DEFINITIONS } from './model-definitions';

/** What `migrate.ts` needs: the configuration, the logger and MongoDB with every model. No Redis, no HTTP. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, MongooseModule.forFeature([...MODEL_DEFINITIONS])],
  providers: [IndexMigration],
})
export class MigrationModule {}
