import { ApiProperty } from '@nestjs/swagger';
import type { Order, OrderLine, OrderStatus, Page } from '@flashline/contracts';

class OrderLineDto implements OrderLine {
  @ApiProperty({ example: '665f1c2ab1e4c2a9d0a1b2c3' })
  productId!: string;

  @ApiProperty({ example: 'Aurora noise-cancelling headphones', description: 'The name as sold.' })
  name!: string;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({ example: 4900, description: 'The unit price as sold (minor units).' })
  unitPriceCents!: number;
}

/** The contract's `Order`, for Swagger. */
export class OrderDto implements Order {
  @ApiProperty({ example: '6660a1f2b1e4c2a9d0a1b2d0' })
  id!: string;

  @ApiProperty({ example: '665f0a1bb1e4c2a9d0a1b2aa' })
  userId!: string;

  @ApiProperty({ example: '6660a1f2b1e4c2a9d0a1b2c4.q3Zk7w1bX9f0aLm2' })
  reservationId!: string;

  @ApiProperty({ type: [OrderLineDto] })
  lines!: OrderLineDto[];

  @ApiProperty({ example: 4900 })
  amountCents!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiProperty({ enum: ['paid', 'refunded'], example: 'paid' })
  status!: OrderStatus;

  @ApiProperty({ example: 'pi_3PgafyB7WZ01zgkW1x2y3z4a' })
  paymentIntentId!: string;

  @ApiProperty({ example: '2025-06-01T12:04:31.000Z' })
  createdAt!: string;
}

export class OrderPageDto implements Page<Order> {
  @ApiProperty({ type: [OrderDto] })
  items!: OrderDto[];

  @ApiProperty({ example: 3 })
  total!: number;

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  limit!: number;
}
