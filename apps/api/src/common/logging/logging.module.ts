import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@api/config/app-config';
import { requestIdOf } from '../http/request-id';

/** The logger runs as middleware on every path; this is its route pattern, not a handler's. */
const EVERY_PATH = '{*path}';

/** A request a middleware may answer before the router matches it, with the route it stands for. */
type RequestWithPattern = IncomingMessage & { routePattern?: string };

/** Matched route pattern (`/api/products/:id`), so logs group requests by route, not by URL. */
export function routeOf(request: IncomingMessage): string | undefined {
  const path = (request as Request).route?.path as unknown;
  if (typeof path === 'string' && !path.endsWith(EVERY_PATH)) return path;
  return (request as RequestWithPattern).routePattern;
}

/** Names the route of a request that a middleware may answer before routing (see SoldOutShortcut). */
export function answeredBeforeRouting(request: IncomingMessage, pattern: string): void {
  (request as RequestWithPattern).routePattern = pattern;
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

/** One structured JSON logger: one line per request with method, route, status, duration and request id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        forRoutes: [{ path: EVERY_PATH, method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          genReqId: (request: IncomingMessage) => requestIdOf(request as Request),
          customSuccessObject: (request: IncomingMessage, _response: ServerResponse, fields: object) => ({
            ...fields,
            route: routeOf(request),
          }),
          customErrorObject: (
            request: IncomingMessage,
            _response: ServerResponse,
            _error: Error,
            fields: object,
          ) => ({
            ...fields,
            route: routeOf(request),
          }),
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({
              id: request.id,
              method: request.method,
              url: request.url,
            }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
          customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
            levelOf(response.statusCode, error),
          redact: ['req.headers.authorization', 'req.headers.cookie'],
        },
      }),
    }),
  ],
})
export class LoggingModule {}
