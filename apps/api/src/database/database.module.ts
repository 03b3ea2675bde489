import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppConfig } from '@api/config/app-config';
import { keepConnecting } from './keep-connecting';

/**
 * The MongoDB connection. It connects in the background so the API starts when MongoDB is down, and an
 * operation waits at most the configured timeout for it before failing (answered as 503).
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        uri: config.mongo.url,
        serverSelectionTimeoutMS: config.mongo.serverSelectionTimeoutMs,
        connectTimeoutMS: config.mongo.serverSelectionTimeoutMs,
        socketTimeoutMS: 30_000,
        bufferTimeoutMS: config.mongo.serverSelectionTimeoutMs,
        lazyConnection: true,
        retryAttempts: 0,
        // Off in production: indexes and collections come from `npm run migrate`, once per deploy.
        autoIndex: config.mongo.autoIndex,
        autoCreate: config.mongo.autoIndex,
        connectionFactory: (connection: Connection) => keepConnecting(connection, config.mongo.url),
      }),
    }),
  ],
})
export class DatabaseModule {}
