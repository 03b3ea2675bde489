import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@api/common/auth';
import { notFound } from '@api/common/errors';
import { AppConfig } from '@api/config';

/**
 * The benchmark's baseline: the framework's own ceiling on this machine (routing, global pipeline, JSON), with
 * no guard work and no I/O. It exists only when the API runs with BENCH_MODE=true (never in production).
 */
@ApiExcludeController()
@Controller('bench')
export class BenchController {
  private readonly enabled: boolean;

  constructor(config: AppConfig) {
    this.enabled = config.http.benchMode;
  }

  @Public()
  @SkipThrottle()
  @Get('baseline')
  baseline(): { ok: true } {
    if (!this.enabled) throw notFound('Route');
    return { ok: true };
  }
}
