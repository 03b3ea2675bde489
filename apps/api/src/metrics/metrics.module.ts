import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';

// Process metrics (event-loop lag, heap, GC), once per process.
if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();

@Module({ controllers: [MetricsController] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
