import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';

/** What the migration did to one collection. */
export interface CollectionMigration {
  collection: string;
  /** Index names present after the migration, `_id_` included. */
  indexes: string[];
  /** Indexes in the database that no schema declares: reported, never dropped (someone may rely on them). */
  unknown: string[];
}

/**
 * Creates every model's collection and the indexes its schema declares. Idempotent: an existing collection or
 * index is left as it is, so running it on every deploy (and twice) is harmless. It only adds: an index
 * removed from a schema is reported, and dropped by hand once no running version uses it.
 */
@Injectable()
export class IndexMigration {
  private readonly logger = new Logger(IndexMigration.name);

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async run(): Promise<CollectionMigration[]> {
    const done: CollectionMigration[] = [];
    // One model at a time: index builds on a live replica set are heavy enough one by one.
    for (const model of Object.values(this.connection.models)) done.push(await this.migrate(model));
    return done;
  }

  private async migrate(model: Model<unknown>): Promise<CollectionMigration> {
    const collection = model.collection.collectionName;
    await model.createCollection();
    await model.createIndexes();
    const [indexes, diff] = await Promise.all([model.listIndexes(), model.diffIndexes()]);
    const names = indexes.map((index) => String(index.name));
    this.logger.log(`${collection}: ${names.join(', ')}`);
    if (diff.toDrop.length > 0) {
      this.logger.warn(
        `${collection}: indexes no schema declares (left in place): ${diff.toDrop.join(', ')}`,
      );
    }
    return { collection, indexes: names, unknown: diff.toDrop };
  }
}
