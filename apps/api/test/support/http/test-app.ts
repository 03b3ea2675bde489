import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppModule } from '@api/app.module';
import { configureApp, createHttpAdapter } from '@api/bootstrap';
import { AppConfig, loadConfig } from '@api/config';
import type { Env } from '@api/config/env-parsers';
import { REDIS_CLIENT } from '@api/redis';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** A supertest agent on the app's real HTTP server. */
  http: TestAgent;
  redis: Redis;
  mongo: Connection;
  /** Empties this worker's MongoDB collections (keeping their indexes) and Redis database. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The real application (real Redis, real MongoDB), configured exactly as `main.ts` does. */
export async function createTestApp(env: Env = {}): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), {
    bodyParser: false,
    logger: false,
  });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  // A real listening socket: otherwise supertest opens and closes a listener around every request, and
  // concurrent requests die with ECONNRESET when the first to finish closes the one the others use.
  await app.listen(0, '127.0.0.1');
  const redis = app.get<Redis>(REDIS_CLIENT);
  const mongo = app.get<Connection>(getConnectionToken());
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    redis,
    mongo,
    reset: async () => {
      await mongo.asPromise();
      const collections = await mongo.db!.collections();
      await Promise.all([redis.flushdb(), ...collections.map((collection) => collection.deleteMany({}))]);
    },
    close: () => app.close(),
  };
}
