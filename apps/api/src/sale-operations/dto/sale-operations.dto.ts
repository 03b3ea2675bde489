import { ApiProperty } from '@nestjs/swagger';
import {
  FLASH_SALE_STATUSES,
  type FlashSaleStatus,
  type ReserveRejectionReason,
  type SaleOperations,
} from '@flashline/contracts';
import { WaitingRoomOperationsDto } from '@api/waiting-room';

class ReserveRejectionsDto implements Record<ReserveRejectionReason, number> {
  @ApiProperty({ example: 1520, description: 'Refused: nothing left to hold.' })
  sold_out!: number;

  @ApiProperty({ example: 12, description: "Refused: the shopper's per-user limit." })
  limit_reached!: number;

  @ApiProperty({ example: 3, description: 'Refused: before startsAt, after endsAt, or paused.' })
  not_active!: number;

  @ApiProperty({ example: 40, description: 'Refused by the reserve rate limits.' })
  rate_limited!: number;
}

/** The contract's `SaleOperations`, for Swagger. */
export class SaleOperationsDto implements SaleOperations {
  @ApiProperty({ example: '6660a1f2b1e4c2a9d0a1b2c4' })
  saleId!: string;

  @ApiProperty({ example: '2025-06-01T12:00:05.000Z', description: 'When this snapshot was taken.' })
  at!: string;

  @ApiProperty({ enum: [...FLASH_SALE_STATUSES], example: 'active' })
  status!: FlashSaleStatus;

  @ApiProperty({ example: false, description: 'Paused by an admin: reserves answer SALE_NOT_ACTIVE.' })
  paused!: boolean;

  @ApiProperty({ example: 100 })
  quantity!: number;

  @ApiProperty({ example: 37, description: 'Units free to reserve now.' })
  remaining!: number;

  @ApiProperty({ example: 21, description: 'Units in active (unpaid, unexpired) holds now.' })
  heldUnits!: number;

  @ApiProperty({ example: 42, description: 'Units paid for (refunds excluded).' })
  soldUnits!: number;

  @ApiProperty({ example: 90, description: 'Holds taken.' })
  taken!: number;

  @ApiProperty({ example: 42, description: 'Holds paid.' })
  paid!: number;

  @ApiProperty({ example: 20, description: 'Holds that lapsed unpaid.' })
  expired!: number;

  @ApiProperty({ example: 6, description: 'Holds their shopper cancelled.' })
  cancelled!: number;

  @ApiProperty({ example: 1, description: 'Holds whose payment was refunded.' })
  refunded!: number;

  @ApiProperty({ example: 0.4667, description: 'paid / taken (a fraction; 0 when nothing was taken).' })
  conversion!: number;

  @ApiProperty({ example: 212.5, description: 'Reserve requests per second, accepted and refused.' })
  reserveRate!: number;

  @ApiProperty({ type: ReserveRejectionsDto })
  rejections!: ReserveRejectionsDto;

  @ApiProperty({
    type: WaitingRoomOperationsDto,
    nullable: true,
    description: 'The line of a waiting-room sale; null for a sale without one.',
  })
  waitingRoom!: WaitingRoomOperationsDto | null;
}
