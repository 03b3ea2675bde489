import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HealthStatus } from '@flashline/contracts';
import { Public } from '@api/common/auth/public.decorator';
import { HealthService } from './health.service';
import { HealthStatusDto } from './health-status.dto';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and dependency status' })
  @ApiResponse({ status: 200, type: HealthStatusDto, description: 'Everything is up.' })
  @ApiResponse({ status: 503, type: HealthStatusDto, description: 'Names what is down.' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthStatus> {
    const status = await this.health.check();
    response.status(status.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return status;
  }
}
