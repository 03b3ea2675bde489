import { Injectable, Module } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { pino, type Logger as PinoInstance } from 'pino';
import { AppConfig } from '@api/config';

/** Matched route pattern (`/api/products/:id`), so logs and metrics group requests by route, not by URL. */
export function routeOf(request: FastifyRequest): string | undefined {
  return request.routeOptions.url;
}

/**
 * A request's log level by its outcome: failures are errors, a client's mistakes warnings. A 409 is an
 * answer, not a mistake (sold out, over the per-user limit, a sale not open): a flash sale gives thousands
 * of them in a second, so they are info, like a 2xx.
 */
export function levelOf(status: number, error?: Error): 'error' | 'warn' | 'info' {
  if (error || status >= 500) return 'error';
  return status >= 400 && status !== 409 ? 'warn' : 'info';
}

/**
 * The process's one pino logger, and its line per request: method, URL, route, status, duration and
 * request id, written by an `onResponse` hook (registered in bootstrap.ts). Fastify's own request logging
 * stays off: it makes a child logger per request and writes two lines. A line whose level is off costs
 * nothing: it is not even built.
 */
@Injectable()
export class RequestLog {
  readonly logger: PinoInstance;

  constructor(config: AppConfig) {
    this.logger = pino({
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    });
  }

  readonly onResponse = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ): void => {
    const status = reply.statusCode;
    const level = levelOf(status);
    if (this.logger.isLevelEnabled(level)) {
      this.logger[level](
        {
          req: { id: request.id, method: request.method, url: request.url },
          res: { statusCode: status },
          responseTime: reply.elapsedTime,
          route: routeOf(request),
        },
        status >= 500 ? 'request errored' : 'request completed',
      );
    }
    done();
  };
}

/**
 * One structured JSON logger. Application logs go through nestjs-pino (Nest's Logger and PinoLogger) to
 * the same pino instance as the request lines; nestjs-pino's own pino-http middleware is mounted on no
 * route (`forRoutes: []`): on Fastify the request line is a hook, not Express-style middleware.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [RequestLog],
      inject: [RequestLog],
      useFactory: (log: RequestLog) => ({ forRoutes: [], pinoHttp: { logger: log.logger } }),
    }),
  ],
})
export class LoggingModule {}
