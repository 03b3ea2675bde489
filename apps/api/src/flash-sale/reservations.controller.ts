import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Reservation } from '@flashline/contracts';
import type { AuthUser } from '@api/common/auth/auth-user';
import { CurrentUser } from '@api/common/auth/current-user.decorator';
import { ApiErrors } from '@api/common/errors/error-body.dto';
import { ReservationDto } from './dto/reservation.dto';
import { ReservationService } from './reservation.service';

/** The caller's own reservations. Anyone else's answers 404, exactly like one that does not exist. */
@ApiTags('reservations')
@ApiBearerAuth()
@Controller('reservations')
export class ReservationsController {
  constructor(private readonly reservations: ReservationService) {}

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
}
