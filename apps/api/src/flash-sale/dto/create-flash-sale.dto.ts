import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsMongoId,
  IsObject,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  type CreateFlashSaleRequest,
  DEFAULT_PER_USER_LIMIT,
  DEFAULT_RESERVATION_TTL_SECONDS,
  MAX_RESERVATION_TTL_SECONDS,
} from '@flashline/contracts';
import { CreateWaitingRoomDto } from '@api/waiting-room/dto/waiting-room-settings.dto';

/** Most units one sale (or one buyer) can have: far above any real flash sale, low enough to stay exact. */
export const MAX_SALE_QUANTITY = 1_000_000;

/**
 * Longest accepted timestamp: `2025-06-01T12:00:00.000+05:30` is 29 characters. ISO 8601 allows any number
 * of fraction digits, so without a bound a timestamp could be as long as the body limit.
 */
const MAX_TIMESTAMP_LENGTH = 35;

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

  @ApiProperty({ example: '2025-06-01T12:00:00.000Z', maxLength: MAX_TIMESTAMP_LENGTH })
  @MaxLength(MAX_TIMESTAMP_LENGTH)
  @IsISO8601({ strict: true, strictSeparator: true })
  startsAt!: string;

  @ApiProperty({
    example: '2025-06-01T13:00:00.000Z',
    maxLength: MAX_TIMESTAMP_LENGTH,
    description: 'After startsAt, in the future.',
  })
  @MaxLength(MAX_TIMESTAMP_LENGTH)
  @IsISO8601({ strict: true, strictSeparator: true })
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
