import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Order, Page } from '@flashline/contracts';
import { Roles } from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import { ListOrdersQuery } from './dto/list-orders.query';
import { OrderPageDto } from './dto/order.dto';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @ApiOperation({ summary: 'Everyone’s orders, newest first, a page at a time (admin)' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  list(@Query() query: ListOrdersQuery): Promise<Page<Order>> {
    return this.orders.listAll(query);
  }
}
