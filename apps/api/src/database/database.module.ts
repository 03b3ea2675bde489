import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppConfig } from '@api/config';
import { DatabaseStatus } from './database-status.service';
import { keepConnecting } from './keep-connecting';

/**
 * The MongoDB connection. It connects in the background so the API starts when MongoDB is down, and no
 * operation waits long when MongoDB is gone: MONGO_TIMEOUT_MS bounds waiting for a usable server (server
 * selection, connecting, and Mongoose's buffering while disconnected), MONGO_SOCKET_TIMEOUT_MS waiting for
 * an answer from a server that stalls. Either failure is answered 503 SERVICE_UNAVAILABLE. The driver
 * reconnects by itself once the server is back.
 */
@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        uri: config.mongo.url,
        serverSelectionTimeoutMS: config.mongo.serverSelectionTimeoutMs,
        connectTimeoutMS: config.mongo.serverSelectionTimeoutMs,
        socketTimeoutMS: config.mongo.socketTimeoutMs,
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
  providers: [DatabaseStatus],
  exports: [DatabaseStatus],
})
export class DatabaseModule {}
