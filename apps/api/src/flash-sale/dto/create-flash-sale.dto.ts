import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsMongoId, IsObject, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import {
  type CreateFlashSaleRequest,
  DEFAULT_PER_USER_LIMIT,
  DEFAULT_RESERVATION_TTL_SECONDS,
  MAX_RESERVATION_TTL_SECONDS,
} from '@flashline/contracts';
import { CreateWaitingRoomDto } from './waiting-room-settings.dto';
import { IsTimestamp } from '@api/common/http';

/** Most units one sale (or one buyer) can have: far above any real flash sale, low enough to stay exact. */
export const MAX_SALE_QUANTITY = 1_000_000;

/** Like `@IsOptional()` but only for an absent field: `null` is still validated (and refused). */
const IsOptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * The shape of a new sale. Rules that need the product, the clock or config (price below the product's,
 * window in the future, free stock, the configured TTL minimum) are checked by the service.
 */
export class CreateFlashSaleDto implements CreateFlashSaleRequest {
  @ApiProperty({
    example: '665f1c2ab1e4c2a9d0a1b2c3',
    pattern: '^[0-9a-fA-F]{24}$',
    description: 'The product on sale (not archived).',
  })
  @IsMongoId({ message: 'productId must be a product id' })
  productId!: string;

  @ApiProperty({ example: 4900, minimum: 1, description: 'Below the product price.' })
  @IsInt()
  @Min(1)
  salePriceCents!: number;

  @ApiProperty({ example: 100, minimum: 1, description: "Units taken from the product's free stock." })
  @IsInt()
  @Min(1)
  @Max(MAX_SALE_QUANTITY)
  quantity!: number;

  @IsTimestamp({ example: '2025-06-01T12:00:00.000Z' })
  startsAt!: string;

  @IsTimestamp({ example: '2025-06-01T13:00:00.000Z', description: 'After startsAt, in the future.' })
  endsAt!: string;

  @ApiPropertyOptional({ example: 2, minimum: 1, default: DEFAULT_PER_USER_LIMIT })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_SALE_QUANTITY)
  perUserLimit?: number;

  @ApiPropertyOptional({
    example: 600,
    default: DEFAULT_RESERVATION_TTL_SECONDS,
    maximum: MAX_RESERVATION_TTL_SECONDS,
    description: 'How long an unpaid hold lasts; at least RESERVATION_TTL_MIN_SECONDS (default 30).',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_RESERVATION_TTL_SECONDS)
  reservationTtlSeconds?: number;

  @ApiPropertyOptional({
    type: CreateWaitingRoomDto,
    description: 'Sell through a waiting room (`{}` for the defaults); left out: no line, a scramble.',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => CreateWaitingRoomDto)
  waitingRoom?: CreateWaitingRoomDto;
}
