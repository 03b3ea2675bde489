import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { API_ENV } from '../playwright.config';

/**
 * The e2e run leaves nothing behind: every collection of its own database is emptied (indexes kept) and its
 * own Redis database flushed. Never the demo's `flashline` database or Redis db 0.
 */
export default async function globalTeardown(): Promise<void> {
  const mongo = await MongoClient.connect(API_ENV.MONGO_URL, { serverSelectionTimeoutMS: 5000 });
  try {
    const collections = await mongo.db().collections();
    await Promise.all(collections.map((collection) => collection.deleteMany({})));
  } finally {
    await mongo.close();
  }
  const redis = new Redis(API_ENV.REDIS_URL, { lazyConnect: true });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
}
