import { ApiProperty } from '@nestjs/swagger';
import type { DependencyState, HealthStatus } from '@flashline/contracts';

export class HealthStatusDto implements HealthStatus {
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'ok' })
  status!: 'ok' | 'degraded';

  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  mongo!: DependencyState;

  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  redis!: DependencyState;
}
