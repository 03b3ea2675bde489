import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './bootstrap';
import { loadConfig } from './config/app-config';
import { ConfigError } from './config/env-parsers';
import { GracefulShutdown } from './lifecycle/graceful-shutdown';

async function main(): Promise<void> {
  // Validate before anything connects: a bad variable stops start-up with one line naming it.
  const config = loadConfig(process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app);
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
