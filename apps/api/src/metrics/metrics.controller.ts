import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { register } from 'prom-client';
import { Public } from '@api/common/auth';
import { MetricsTokenGuard } from './metrics-token.guard';

/**
 * `GET /metrics` (outside the /api prefix): Prometheus text, for operators only (every sale's funnel is in
 * it): see MetricsTokenGuard. Prometheus: `authorization: { credentials_file: … }` in the scrape config.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Public()
  @UseGuards(MetricsTokenGuard)
  @Get()
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return register.metrics();
  }
}
