import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  QUEUE_TICKET_STATUSES,
  type QueueTicket,
  type QueueTicketStatus,
  type WaitingRoomOperations,
} from '@flashline/contracts';

/** The contract's `QueueTicket`, for Swagger. */
export class QueueTicketDto implements QueueTicket {
  @ApiProperty({ example: '6660a1f2b1e4c2a9d0a1b2c4' })
  saleId!: string;

  @ApiProperty({ enum: QUEUE_TICKET_STATUSES, example: 'waiting' })
  status!: QueueTicketStatus;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 412,
    description:
      "The ticket's place in line (1-based, fixed once known); null for an early joiner until the draw.",
  })
  number!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 37,
    description: "Admissions left until this ticket's (1 = next, 0 once admitted); null before the draw.",
  })
  position!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 2,
    description: 'null when unknown (before the draw).',
  })
  estimatedWaitSeconds!: number | null;

  @ApiPropertyOptional({
    example: '2025-06-01T12:02:00.000Z',
    description: 'Until when an admitted ticket may reserve.',
  })
  admittedUntil?: string;

  @ApiProperty({ example: '2025-06-01T11:58:12.345Z' })
  joinedAt!: string;
}

/** The contract's `WaitingRoomOperations`, for Swagger. */
export class WaitingRoomOperationsDto implements WaitingRoomOperations {
  @ApiProperty({ example: 1800 })
  waiting!: number;

  @ApiProperty({ example: 25, description: 'Admissions not used and not lapsed yet.' })
  admitted!: number;

  @ApiProperty({ example: 340, description: 'Admissions a reserve used.' })
  used!: number;

  @ApiProperty({ example: 10, description: 'Admissions that lapsed unused.' })
  expired!: number;

  @ApiProperty({ example: 19.8, description: 'Admissions per second over the last few seconds.' })
  admissionRate!: number;

  @ApiProperty({ type: String, nullable: true, example: '2025-06-01T12:00:00.012Z' })
  drawnAt!: string | null;
}
