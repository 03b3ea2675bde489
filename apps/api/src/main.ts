import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './bootstrap';
import { loadConfig } from './config/app-config';
import { ConfigError } from './config/env-parsers';
import { GracefulShutdown } from './lifecycle/graceful-shutdown';
import { lowerThreadPoolPriority } from './lifecycle/thread-pool-priority';

async function main(): Promise<void> {
  // Validate before anything connects: a bad variable stops start-up with one line naming it.
  const config = loadConfig(process.env);
  // Before anything connects or reads a file: the pool must not have started yet.
  const lowered = await lowerThreadPoolPriority(config.auth.threadPoolNice);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app);
  Logger.log(`Thread pool (bcrypt) at niceness ${config.auth.threadPoolNice}: ${lowered} threads`, 'Main');
  await app.listen(config.http.port);
  // SIGTERM drains (stop listening, answer what was accepted, stop the loops) before the process exits.
  new GracefulShutdown(app, config.shutdown.timeoutMs).install();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Invalid configuration: ${error.message}`);
  } else {
    console.error('Flashline API failed to start:', error);
  }
  process.exit(1);
});
