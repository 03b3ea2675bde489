import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { ReserveRequest } from '@flashline/contracts';
import { MAX_SALE_QUANTITY } from './create-flash-sale.dto';

export class ReserveDto implements ReserveRequest {
  @ApiProperty({
    example: 1,
    minimum: 1,
    description: "At most the sale's perUserLimit, counting your holds.",
  })
  @IsInt()
  @Min(1)
  @Max(MAX_SALE_QUANTITY)
  quantity!: number;
}
