import { Module } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { MetricsController } from './metrics.controller';

// Process metrics (event-loop lag, heap, GC), once per process.
if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();

/** `/metrics`; every request is timed by the `onResponse` hook in bootstrap.ts (http-metrics.ts). */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
