import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { PaymentIntentResponse } from '@flashline/contracts';
import type { AuthUser } from '@api/common/auth/auth-user';
import { CurrentUser } from '@api/common/auth/current-user.decorator';
import { ApiErrors } from '@api/common/errors/error-body.dto';
import { PaymentIntentDto } from './dto/payment-intent.dto';
import { PaymentIntentsService } from './payment-intents.service';

@ApiTags('reservations')
@ApiBearerAuth()
@Controller('reservations')
export class PaymentIntentsController {
  constructor(private readonly intents: PaymentIntentsService) {}

  @Post(':id/payment-intent')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'The Stripe PaymentIntent that pays your reservation (the same one on every call)',
    description:
      'The first call creates it and extends the hold once by the payment grace. Only a verified ' +
      '`payment_intent.succeeded` webhook turns the reservation into an order.',
  })
  @ApiParam({ name: 'id', description: 'Reservation id (opaque).' })
  @ApiOkResponse({ type: PaymentIntentDto })
  @ApiErrors(
    'UNAUTHENTICATED',
    'NOT_FOUND',
    'CONFLICT',
    'RESERVATION_EXPIRED',
    'RATE_LIMITED',
    'SERVICE_UNAVAILABLE',
  )
  create(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PaymentIntentResponse> {
    return this.intents.forOwner(id, user.id);
  }
}
