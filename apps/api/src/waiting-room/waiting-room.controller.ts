import { Controller, Delete, Get, HttpCode, Ip, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { QueueTicket } from '@flashline/contracts';
import { type AuthUser, CurrentUser } from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import { RateLimit } from '@api/common/rate-limit';
import { FlashSaleIdParams } from '@api/flash-sale';
import { QueueTicketDto } from './dto/queue-ticket.dto';
import { WaitingRoomService } from './waiting-room.service';

/** A shopper's place in a waiting-room sale's line (contract: "Waiting room"). */
@ApiTags('waiting room')
@ApiBearerAuth()
@Controller('flash-sales/:id/queue')
export class WaitingRoomController {
  constructor(private readonly waitingRoom: WaitingRoomService) {}

  @Post()
  @RateLimit('queue')
  @ApiOperation({
    summary: 'Join the sale’s line: 201 a new ticket, 200 the same ticket when already in line',
    description:
      'Before startsAt: an early joiner, put in a random order at startsAt. After: the back of the line. ' +
      'A lapsed admission (expired) joins again at the back. A closed line (sold out, ended) answers 200 ' +
      'with a ticket of that status and keeps nothing.',
  })
  @ApiCreatedResponse({ type: QueueTicketDto, description: 'Joined.' })
  @ApiOkResponse({ type: QueueTicketDto, description: 'Already in line (or the line is closed).' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async join(
    @CurrentUser() user: AuthUser,
    @Param() params: FlashSaleIdParams,
    @Ip() clientIp: string,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<QueueTicket> {
    const { ticket, created } = await this.waitingRoom.join(params.id, { userId: user.id, ip: clientIp });
    void response.status(created ? 201 : 200);
    return ticket;
  }

  @Get()
  @ApiOperation({ summary: 'Your ticket as it is now; 404 when you are not in line (join again)' })
  @ApiOkResponse({ type: QueueTicketDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  ticket(@CurrentUser() user: AuthUser, @Param() params: FlashSaleIdParams): Promise<QueueTicket> {
    return this.waitingRoom.ticket(params.id, user.id);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Leave the line; an unused admission is given up (idempotent)' })
  @ApiNoContentResponse({ description: 'Not in line (any more).' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  leave(@CurrentUser() user: AuthUser, @Param() params: FlashSaleIdParams): Promise<void> {
    return this.waitingRoom.leave(params.id, user.id);
  }
}
