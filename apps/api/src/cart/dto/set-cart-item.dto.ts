import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { CART_LINE_MAX_QUANTITY, type SetCartItemRequest } from '@flashline/contracts';

export class SetCartItemDto implements SetCartItemRequest {
  @ApiProperty({ type: 'integer', example: 2, minimum: 1, maximum: CART_LINE_MAX_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(CART_LINE_MAX_QUANTITY)
  quantity!: number;
}
