/** The database module's public API: other modules import from `@api/database` only. */
export { DatabaseModule } from './database.module';
export { IndexesReady } from './indexes-ready';
export { isDuplicateKey } from './mongo-errors';
export { parseObjectId } from './object-id';
