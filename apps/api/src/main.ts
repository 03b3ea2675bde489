import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createHttpAdapter } from './bootstrap';
import { ConfigError, loadConfig } from '@api/config';
import { GracefulShutdown, lowerThreadPoolPriority } from '@api/lifecycle';

async function main(): Promise<void> {
  // Validate before anything connects: a bad variable stops start-up with one line naming it.
  const config = loadConfig(process.env);
  // Before anything connects or reads a file: the pool must not have started yet.
  const lowered = await lowerThreadPoolPriority(config.auth.threadPoolNice);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  await configureApp(app);
  Logger.log(`Thread pool (bcrypt) at niceness ${config.auth.threadPoolNice}: ${lowered} threads`, 'Main');
  await listenOnEveryInterface(app, config.http.port);
  // SIGTERM drains (stop listening, answer what was accepted, stop the loops) before the process exits.
  new GracefulShutdown(app, config.shutdown.timeoutMs).install();
}

/**
 * Every interface, IPv6 and IPv4 (`::`), as Express listened by default; Fastify alone would take only
 * localhost. A host without IPv6 gets every IPv4 interface instead.
 */
async function listenOnEveryInterface(app: NestFastifyApplication, port: number): Promise<void> {
  try {
    await app.listen(port, '::');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw error;
    await app.listen(port, '0.0.0.0');
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Invalid configuration: ${error.message}`);
  } else {
    console.error('Flashline API failed to start:', error);
  }
  process.exit(1);
});
