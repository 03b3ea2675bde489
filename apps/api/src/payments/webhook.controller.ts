import { Controller, Headers, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { Public } from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import { clientIpOf, RouteRateLimits } from '@api/common/rate-limit';
import { WebhookReceivedDto } from './dto/payment-intent.dto';
import { PaymentEventsService } from './payment-events.service';
import { PaymentGateway } from './payment-gateway.service';
import { readWebhookEvent } from './webhook-event';

/**
 * Stripe's deliveries. The body arrives raw (see bootstrap.ts) because the signature covers its exact bytes.
 * Stripe's signed deliveries are never rate limited (it sends from a few addresses, and a refused delivery
 * only comes back later); deliveries that do not verify are, per client (`webhook-reject`). A verified
 * event is read once here (webhook-event.ts): one that can never be processed is acknowledged and logged.
 * Anything but a 2xx makes Stripe redeliver, which is what a dependency outage needs, and only that.
 */
@ApiTags('payments')
@Controller('payments')
export class WebhookController {
  constructor(
    private readonly gateway: PaymentGateway,
    private readonly events: PaymentEventsService,
    private readonly limits: RouteRateLimits,
  ) {}

  @Public()
  @SkipThrottle()
  @Post('webhook')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Stripe webhook: payment_intent.succeeded / .payment_failed / .canceled',
    description:
      'Verified against `Stripe-Signature` (5 minutes old at most, 1 minute ahead at most). Each event is ' +
      'applied once; a redelivery is answered 200 without effect, and so is a signed event that can never ' +
      'be processed (malformed: logged). 400 for anything that does not verify (nothing is written); 429 ' +
      'to a client sending too many of those.',
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
  @ApiErrors(
    'VALIDATION_FAILED',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
    'RATE_LIMITED',
    'SERVICE_UNAVAILABLE',
  )
  async receive(
    @Req() request: FastifyRequest,
    @Headers('stripe-signature') signature?: string,
  ): Promise<WebhookReceivedDto> {
    const read = readWebhookEvent(await this.verified(request, signature));
    if ('unprocessable' in read) this.events.unprocessable(read.unprocessable);
    else await this.events.handle(read.event);
    return { received: true };
  }

  /** The signed text; a delivery that does not verify is counted against its client (429 over the cap). */
  private async verified(request: FastifyRequest, signature: string | undefined): Promise<string> {
    try {
      return this.gateway.verifyPayload(request.body, signature);
    } catch (refusal) {
      await this.limits.charge('webhook-reject', { ip: clientIpOf(request) });
      throw refusal;
    }
  }
}
