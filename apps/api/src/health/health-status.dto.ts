import { ApiProperty } from '@nestjs/swagger';
import type { DependencyState, HealthStatus } from '@flashline/contracts';

export class HealthStatusDto implements HealthStatus {
  @ApiProperty({ enum: ['ok', 'degraded', 'draining'], example: 'ok' })
  status!: HealthStatus['status'];

  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  mongo!: DependencyState;

  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  redis!: DependencyState;
}
