import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { PaymentIntentResponse, Reservation } from '@flashline/contracts';
import { type AuthUser, CurrentUser } from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import { ReservationDto, ReservationsService } from '@api/holds';
import { PaymentIntentDto } from './dto/payment-intent.dto';
import { PaymentIntentsService } from './payment-intents.service';

/**
 * Every `/reservations` route: the caller's own reservations (read, cancel, pay). Anyone else's answers 404,
 * exactly like one that does not exist. It lives in payments, the one module that sees both the hold engine
 * (read, cancel) and payment intents without a cycle.
 */
@ApiTags('reservations')
@ApiBearerAuth()
@Controller('reservations')
export class ReservationsController {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly intents: PaymentIntentsService,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Your reservation with its current status' })
  @ApiParam({ name: 'id', description: 'Reservation id (opaque).' })
  @ApiOkResponse({ type: ReservationDto })
  @ApiErrors('UNAUTHENTICATED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  find(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<Reservation> {
    return this.reservations.find(id, user.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Cancel your reservation: an active hold is released and its stock returns at once',
    description: 'Idempotent: cancelling one that is already cancelled or expired is 204 too. Paid: 409.',
  })
  @ApiParam({ name: 'id', description: 'Reservation id (opaque).' })
  @ApiNoContentResponse({ description: 'Released (or had already ended).' })
  @ApiErrors('UNAUTHENTICATED', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  cancel(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.reservations.cancel(id, user.id);
  }

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
