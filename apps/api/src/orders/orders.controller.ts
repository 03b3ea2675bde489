import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Order, Page } from '@flashline/contracts';
import { type AuthUser, CurrentUser } from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import { ListOrdersQuery } from './dto/list-orders.query';
import { OrderDto, OrderPageDto } from './dto/order.dto';
import { OrderIdParams } from './dto/order-id.params';
import { OrdersService } from './orders.service';

/** The caller's orders. Someone else's order answers 404, exactly like one that does not exist. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @ApiOperation({ summary: 'Your orders, newest first, a page at a time' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  list(@CurrentUser() user: AuthUser, @Query() query: ListOrdersQuery): Promise<Page<Order>> {
    return this.orders.listOwn(user.id, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order: yours, or anyone’s for an admin' })
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  find(@CurrentUser() user: AuthUser, @Param() params: OrderIdParams): Promise<Order> {
    return this.orders.findVisible(params.id, user);
  }
}
