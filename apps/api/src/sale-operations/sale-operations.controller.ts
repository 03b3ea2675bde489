import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { SaleOperations } from '@flashline/contracts';
import { Roles } from '@api/common/auth';
import { ApiAdminErrors } from '@api/common/errors';
import { LimitSseStreams, streamSse } from '@api/common/http';
import { FlashSaleIdParams } from '@api/flash-sale';
import { Lifecycle } from '@api/lifecycle';
import { SaleOperationsDto } from './dto/sale-operations.dto';
import { SaleOperationsService } from './sale-operations.service';

/**
 * The sale operations view (admin): one sale's counters, funnel and reserve rate, once or as a stream.
 *
 * The stream is authenticated like every other route, by `Authorization: Bearer`: the storefront reads it
 * through Angular's HttpClient (fetch backend, progress events with the partial text) rather than
 * `EventSource`, which cannot send headers. So the access token stays in memory, its refresh on a 401 is the
 * same interceptor as everywhere, and no token ever appears in a URL (which proxies and access logs keep).
 * The server ends each stream after a few minutes; the page then reconnects with its current token.
 */
@ApiTags('admin')
@ApiBearerAuth()
@ApiAdminErrors()
@Roles('admin')
@Controller('admin/flash-sales')
export class SaleOperationsController {
  constructor(
    private readonly operations: SaleOperationsService,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Get(':id/operations')
  @ApiOperation({
    summary: 'One sale as an operator sees it now: stock, active holds, funnel, reserve rate (admin)',
  })
  @ApiOkResponse({ type: SaleOperationsDto })
  snapshot(@Param() params: FlashSaleIdParams): Promise<SaleOperations> {
    return this.operations.snapshot(params.id);
  }

  @Get(':id/operations/events')
  @LimitSseStreams()
  @ApiOperation({
    summary: 'Server-Sent Events: the sale operations view now, then about every second (admin)',
    description:
      'Each message is `data: <SaleOperations JSON>`; a `: heartbeat` comment every 15 s. Authenticate ' +
      'with `Authorization: Bearer` (read it with fetch, not EventSource). The server ends the stream ' +
      'after 5 minutes, or with `event: reconnect` when its process shuts down: reconnect. At most SSE_MAX_STREAMS_PER_CLIENT open streams per user; one more is 429.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: SaleOperationsDto })
  async events(@Param() params: FlashSaleIdParams, @Res() response: FastifyReply): Promise<void> {
    streamSse(response, await this.operations.watch(params.id), this.lifecycle.drain$);
  }
}
