import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Ip,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  type ApiOperationOptions,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { FlashSale, Reservation } from '@flashline/contracts';
import { type AuthUser, CurrentUser, Public, Roles } from '@api/common/auth';
import { ApiAdminErrors, ApiErrors } from '@api/common/errors';
import { RateLimit } from '@api/common/rate-limit';
import { IDEMPOTENCY_KEY_HEADER, LimitSseStreams, parseIdempotencyKey, streamSse } from '@api/common/http';
import { Lifecycle } from '@api/lifecycle';
import { CreateFlashSaleDto } from './dto/create-flash-sale.dto';
import { FlashSaleDto, FlashSaleEventDto } from './dto/flash-sale.dto';
import { FlashSaleIdParams } from './dto/flash-sale-id.params';
import { ListFlashSalesQuery } from './dto/list-flash-sales.query';
import { ReservationDto } from '@api/holds';
import { ReserveDto } from './dto/reserve.dto';
import { FlashSaleService } from './flash-sale.service';
import { ReservationService } from './reservation.service';
import { SaleStreams } from './sale-streams.service';

/** An admin's action on one sale (`POST :id/<action>`), answered with the sale as it now is. */
function SaleAdminAction(action: string, operation: ApiOperationOptions): MethodDecorator {
  return applyDecorators(
    Post(`:id/${action}`),
    HttpCode(200),
    Roles('admin'),
    ApiBearerAuth(),
    ApiOperation(operation),
    ApiOkResponse({ type: FlashSaleDto }),
    ApiAdminErrors(),
  );
}

@ApiTags('flash-sales')
@Controller('flash-sales')
export class FlashSaleController {
  constructor(
    private readonly flashSales: FlashSaleService,
    private readonly reservations: ReservationService,
    private readonly streams: SaleStreams,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Post()
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Create a flash sale: its units are taken from the product's free stock" })
  @ApiCreatedResponse({ type: FlashSaleDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  create(@Body() body: CreateFlashSaleDto): Promise<FlashSale> {
    return this.flashSales.create(body);
  }

  @SaleAdminAction('pause', {
    summary: 'Pause a flash sale: reserves are refused with 409 SALE_NOT_ACTIVE until it is resumed',
    description:
      'Idempotent. Holds already taken stay (they can still be paid or expire). The event stream shows it.',
  })
  pause(@Param() params: FlashSaleIdParams): Promise<FlashSale> {
    return this.flashSales.setPaused(params.id, true);
  }

  @SaleAdminAction('resume', {
    summary: 'Resume a paused flash sale: reserves are taken again (idempotent)',
  })
  resume(@Param() params: FlashSaleIdParams): Promise<FlashSale> {
    return this.flashSales.setPaused(params.id, false);
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Flash sales with live remaining units; `status=active` includes sold-out ones' })
  @ApiOkResponse({ type: [FlashSaleDto] })
  @ApiErrors('VALIDATION_FAILED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  list(@Query() query: ListFlashSalesQuery): Promise<FlashSale[]> {
    return this.flashSales.list(query.status);
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A flash sale with its live remaining units and status' })
  @ApiOkResponse({ type: FlashSaleDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  get(@Param() params: FlashSaleIdParams): Promise<FlashSale> {
    return this.flashSales.get(params.id);
  }

  @Public()
  @Get(':id/events')
  @LimitSseStreams()
  @ApiOperation({
    summary:
      'Server-Sent Events: `{remaining, held, status, paused}` now, then on every change (at most ~10/s)',
    description:
      'Each message is `data: <FlashSaleEvent JSON>`; a `: heartbeat` comment every 15 s. A client (IP) ' +
      'holds at most SSE_MAX_STREAMS_PER_CLIENT streams open at once; one more is 429. A process that ' +
      'shuts down sends `event: reconnect` (with a `retry:` hint) and ends the stream: connect again.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: FlashSaleEventDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async events(@Param() params: FlashSaleIdParams, @Res() response: FastifyReply): Promise<void> {
    streamSse(response, await this.streams.open(params.id), this.lifecycle.drain$);
  }

  @Post(':id/reservations')
  @RateLimit('reserve')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Reserve units of a flash sale: a hold that lasts reservationTtlSeconds' })
  @ApiHeader({
    // The same name as @Headers below, so Swagger lists one optional header, not a required duplicate.
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'The same key from the same user returns the first reservation again (201).',
  })
  @ApiCreatedResponse({ type: ReservationDto })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'NOT_FOUND',
    'SOLD_OUT',
    'LIMIT_REACHED',
    'SALE_NOT_ACTIVE',
    'NOT_ADMITTED',
    'RATE_LIMITED',
    'SERVICE_UNAVAILABLE',
  )
  reserve(
    @CurrentUser() user: AuthUser,
    @Param() params: FlashSaleIdParams,
    @Body() body: ReserveDto,
    @Ip() clientIp: string,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey?: string,
  ): Promise<Reservation> {
    return this.reservations.reserve({
      saleId: params.id,
      userId: user.id,
      quantity: body.quantity,
      idempotencyKey: parseIdempotencyKey(idempotencyKey),
      clientIp,
    });
  }
}
