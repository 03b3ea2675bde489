import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { HealthStatus } from '@flashline/contracts';
import { Public } from '@api/common/auth';
import { Lifecycle } from '@api/lifecycle';
import { HealthService } from './health.service';
import { HealthStatusDto } from './health-status.dto';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and dependency status' })
  @ApiResponse({ status: 200, type: HealthStatusDto, description: 'Everything is up.' })
  @ApiResponse({
    status: 503,
    type: HealthStatusDto,
    description: 'Names what is down, or `draining`: this process is shutting down (send traffic elsewhere).',
  })
  async check(@Res({ passthrough: true }) response: FastifyReply): Promise<HealthStatus> {
    const checked = await this.health.check();
    const status: HealthStatus = this.lifecycle.draining ? { ...checked, status: 'draining' } : checked;
    response.code(status.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return status;
  }
}
