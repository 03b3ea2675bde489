import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { routeOf } from '@api/common/logging/logging.module';
import { httpRequestDuration } from './http-metrics';

/** Times every request and records it under its route pattern (never the raw URL: ids would explode the labels). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const stopTimer = httpRequestDuration.startTimer();
    response.once('finish', () => {
      stopTimer({
        method: request.method,
        route: routeOf(request) ?? 'unmatched',
        status: String(response.statusCode),
      });
    });
    next();
  }
}
