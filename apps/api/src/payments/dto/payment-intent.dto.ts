import { ApiProperty } from '@nestjs/swagger';
import type { PaymentIntentResponse } from '@flashline/contracts';

/** The contract's `PaymentIntentResponse`, for Swagger. */
export class PaymentIntentDto implements PaymentIntentResponse {
  @ApiProperty({ example: 'pi_3PgafyB7WZ01zgkW1x2y3z4a' })
  paymentIntentId!: string;

  @ApiProperty({
    example: 'pi_3PgafyB7WZ01zgkW1x2y3z4a_secret_Dm43xiq1k0ywrRRjDoi8y1gkM',
    description: 'For Stripe.js on the storefront to confirm the payment.',
  })
  clientSecret!: string;

  @ApiProperty({ example: 4900 })
  amountCents!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;
}

export class WebhookReceivedDto {
  @ApiProperty({ example: true })
  received!: true;
}
