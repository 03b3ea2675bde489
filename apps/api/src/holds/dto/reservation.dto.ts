import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Reservation, ReservationKind, ReservationLine, ReservationStatus } from '@flashline/contracts';

class ReservationLineDto implements ReservationLine {
  @ApiProperty({ example: '665f1c2ab1e4c2a9d0a1b2c3' })
  productId!: string;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({ example: 4900 })
  unitPriceCents!: number;
}

/** The contract's `Reservation`, for Swagger. */
export class ReservationDto implements Reservation {
  @ApiProperty({ example: '6660a1f2b1e4c2a9d0a1b2c4.q3Zk7w1bX9f0aLm2', description: 'Opaque.' })
  id!: string;

  @ApiProperty({ enum: ['flash_sale', 'cart'], example: 'flash_sale' })
  kind!: ReservationKind;

  @ApiPropertyOptional({ example: '6660a1f2b1e4c2a9d0a1b2c4' })
  saleId?: string;

  @ApiProperty({ type: [ReservationLineDto] })
  lines!: ReservationLineDto[];

  @ApiProperty({ example: 4900 })
  amountCents!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiProperty({
    enum: ['active', 'paid', 'completed', 'expired', 'cancelled', 'refunded'],
    example: 'active',
    description: 'An active hold past expiresAt reads as expired (its stock is back or about to be).',
  })
  status!: ReservationStatus;

  @ApiProperty({ example: '2025-06-01T12:10:00.000Z' })
  expiresAt!: string;

  @ApiPropertyOptional({ example: '6660a1f2b1e4c2a9d0a1b2c9' })
  orderId?: string;
}
