import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import {
  PaymentIntentIdParams,
  SimulatedPaymentDto,
  SimulateReservationPaymentDto,
} from './dev-payments.dto';
import { DevPaymentsService, type SimulatedPayment } from './dev-payments.service';

const ONLY_WITHOUT_STRIPE =
  'Simulated payments: only without a real Stripe key and never in production (otherwise 404). The event ' +
  'is signed with the webhook secret and POSTed to this API’s own webhook, so it takes the real path.';

@ApiTags('dev')
@ApiBearerAuth()
@Controller('dev')
export class DevPaymentsController {
  constructor(private readonly payments: DevPaymentsService) {}

  @Post('payments/:paymentIntentId/succeed')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Simulate payment_intent.succeeded for an intent (owner or admin)',
    description: ONLY_WITHOUT_STRIPE,
  })
  @ApiOkResponse({ type: SimulatedPaymentDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  succeed(@CurrentUser() user: AuthUser, @Param() params: PaymentIntentIdParams): Promise<SimulatedPayment> {
    return this.payments.settleIntent(params.paymentIntentId, 'succeeded', user);
  }

  @Post('payments/:paymentIntentId/fail')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Simulate payment_intent.payment_failed for an intent (owner or admin)',
    description: ONLY_WITHOUT_STRIPE,
  })
  @ApiOkResponse({ type: SimulatedPaymentDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  fail(@CurrentUser() user: AuthUser, @Param() params: PaymentIntentIdParams): Promise<SimulatedPayment> {
    return this.payments.settleIntent(params.paymentIntentId, 'failed', user);
  }

  @Post('reservations/:id/pay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Simulate paying a reservation, creating its intent if needed (owner or admin; `npm run pay`)',
    description: ONLY_WITHOUT_STRIPE,
  })
  @ApiParam({ name: 'id', description: 'Reservation id (opaque).' })
  @ApiOkResponse({ type: SimulatedPaymentDto })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'NOT_FOUND',
    'CONFLICT',
    'RESERVATION_EXPIRED',
    'RATE_LIMITED',
    'SERVICE_UNAVAILABLE',
  )
  pay(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() body: SimulateReservationPaymentDto,
  ): Promise<SimulatedPayment> {
    return this.payments.settleReservation(id, body.outcome ?? 'succeeded', user);
  }
}
