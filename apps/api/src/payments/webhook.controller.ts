import { Controller, Headers, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import { Public } from '@api/common/auth/public.decorator';
import { ApiErrors } from '@api/common/errors/error-body.dto';
import { WebhookReceivedDto } from './dto/payment-intent.dto';
import { PaymentEventsService } from './payment-events.service';
import { PaymentGateway } from './payment-gateway.service';

/**
 * Stripe's deliveries. The body arrives raw (see bootstrap.ts) because the signature covers its exact bytes.
 * Not rate limited: Stripe sends from a few addresses, and a refused delivery only comes back later.
 * Anything but a 2xx makes Stripe redeliver, which is what a dependency outage needs.
 */
@ApiTags('payments')
@Controller('payments')
export class WebhookController {
  constructor(
    private readonly gateway: PaymentGateway,
    private readonly events: PaymentEventsService,
  ) {}

  @Public()
  @SkipThrottle()
  @Post('webhook')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Stripe webhook: payment_intent.succeeded / .payment_failed / .canceled',
    description:
      'Verified against `Stripe-Signature` (5 minutes tolerance). Each event is applied once; a redelivery ' +
      'is answered 200 without effect. 400 for anything that does not verify (nothing is written).',
  })
  @ApiHeader({ name: 'stripe-signature', required: true, description: 't=<timestamp>,v1=<HMAC-SHA256>' })
  @ApiBody({
    description: 'The Stripe event, as Stripe sent it (raw JSON, up to 256 KiB).',
    schema: {
      type: 'object',
      example: {
        id: 'evt_1PgafyB7WZ01zgkW',
        object: 'event',
        type: 'payment_intent.succeeded',
        data: {
          object: {
            id: 'pi_3PgafyB7WZ01zgkW',
            object: 'payment_intent',
            amount: 4900,
            currency: 'usd',
            metadata: { reservationId: '6660a1f2b1e4c2a9d0a1b2c4.q3Zk7w1bX9f0aLm2' },
          },
        },
      },
    },
  })
  @ApiOkResponse({ type: WebhookReceivedDto })
  @ApiErrors('VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'SERVICE_UNAVAILABLE')
  async receive(
    @Req() request: Request,
    @Headers('stripe-signature') signature?: string,
  ): Promise<WebhookReceivedDto> {
    const event = this.gateway.verifyEvent(request.body, signature);
    await this.events.handle(event);
    return { received: true };
  }
}
