import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { ReserveRequest } from '@flashline/contracts';
import { soleField } from '@api/common/http';
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

  /** The hot path's check (see PlainAcceptingDto): exactly `{ "quantity": <integer in range> }`. */
  static acceptPlain(value: unknown): ReserveDto | undefined {
    const quantity = soleField(value, 'quantity');
    if (typeof quantity !== 'number' || !Number.isInteger(quantity)) return undefined;
    if (quantity < 1 || quantity > MAX_SALE_QUANTITY) return undefined;
    const dto = new ReserveDto();
    dto.quantity = quantity;
    return dto;
  }
}
