import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FLASH_SALE_STATUSES,
  type FlashSale,
  type FlashSaleEvent,
  type FlashSaleProduct,
  type FlashSaleStatus,
  type SaleQueueState,
} from '@flashline/contracts';
import { WaitingRoomSettingsDto } from './waiting-room-settings.dto';

class FlashSaleProductDto implements FlashSaleProduct {
  @ApiProperty({ example: '665f1c2ab1e4c2a9d0a1b2c3' })
  id!: string;

  @ApiProperty({ example: 'Aurora noise-cancelling headphones' })
  name!: string;

  @ApiPropertyOptional({ example: 'https://images.example.com/aurora.jpg' })
  imageUrl?: string;
}

/** The contract's `FlashSale`, for Swagger. */
export class FlashSaleDto implements FlashSale {
  @ApiProperty({ example: '6660a1f2b1e4c2a9d0a1b2c4' })
  id!: string;

  @ApiProperty({ type: FlashSaleProductDto })
  product!: FlashSaleProductDto;

  @ApiProperty({ example: 4900 })
  salePriceCents!: number;

  @ApiProperty({ example: 19900 })
  originalPriceCents!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiProperty({ example: 100 })
  quantity!: number;

  @ApiProperty({ example: 37, description: 'Units free to reserve now (0 once ended).' })
  remaining!: number;

  @ApiProperty({ example: '2025-06-01T12:00:00.000Z' })
  startsAt!: string;

  @ApiProperty({ example: '2025-06-01T13:00:00.000Z' })
  endsAt!: string;

  @ApiProperty({ enum: [...FLASH_SALE_STATUSES], example: 'active' })
  status!: FlashSaleStatus;

  @ApiProperty({ example: 1 })
  perUserLimit!: number;

  @ApiProperty({ example: 600 })
  reservationTtlSeconds!: number;

  @ApiProperty({
    example: false,
    description: 'An admin paused the sale: reserves are refused (SALE_NOT_ACTIVE) until it is resumed.',
  })
  paused!: boolean;

  @ApiProperty({
    type: WaitingRoomSettingsDto,
    nullable: true,
    description: 'The waiting room shoppers join before reserving; null for a sale without one.',
  })
  waitingRoom!: WaitingRoomSettingsDto | null;
}

/** The `queue` field of a waiting-room sale's events. */
class SaleQueueStateDto implements SaleQueueState {
  @ApiProperty({ example: 1800, description: 'Tickets still waiting.' })
  waiting!: number;

  @ApiProperty({ example: 375, description: 'The highest ticket number admitted so far (0 before any).' })
  admittedUpTo!: number;
}

/** One `data:` message of the events stream. */
export class FlashSaleEventDto implements FlashSaleEvent {
  @ApiProperty({ example: 37, description: 'Units free to reserve now (0 once ended).' })
  remaining!: number;

  @ApiProperty({
    example: 5,
    description:
      "Units in shoppers' active holds (reserved, not paid, not released yet); they come back to " +
      '`remaining` if a hold is released and leave for good when it is paid (0 once ended).',
  })
  held!: number;

  @ApiProperty({ enum: [...FLASH_SALE_STATUSES], example: 'active' })
  status!: FlashSaleStatus;

  @ApiProperty({ example: false })
  paused!: boolean;

  @ApiPropertyOptional({
    type: SaleQueueStateDto,
    description: "A waiting-room sale's line (on every message of such a sale only).",
  })
  queue?: SaleQueueStateDto;
}
