import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { SimulatedOutcome } from './simulated-event';
import type { SimulatedPayment } from './dev-payments.service';

export class PaymentIntentIdParams {
  @ApiProperty({ example: 'pi_3PgafyB7WZ01zgkW1x2y3z4a', description: 'Payment intent id.' })
  @Matches(/^pi_[A-Za-z0-9_]{1,200}$/, { message: 'paymentIntentId must be a payment intent id (pi_...)' })
  paymentIntentId!: string;
}

export class SimulateReservationPaymentDto {
  @ApiPropertyOptional({ enum: ['succeeded', 'failed'], default: 'succeeded' })
  @IsOptional()
  @IsIn(['succeeded', 'failed'])
  outcome?: SimulatedOutcome;
}

export class SimulatedPaymentDto implements SimulatedPayment {
  @ApiProperty({ example: 'evt_5b1f0c2d9e8a7b6c5d4e3f2a' })
  eventId!: string;

  @ApiProperty({ example: 'payment_intent.succeeded' })
  type!: string;

  @ApiProperty({ example: 'pi_3PgafyB7WZ01zgkW1x2y3z4a' })
  paymentIntentId!: string;

  @ApiProperty({ example: '6660a1f2b1e4c2a9d0a1b2c4.q3Zk7w1bX9f0aLm2' })
  reservationId!: string;
}
