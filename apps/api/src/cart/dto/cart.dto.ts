import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Cart, CartLine, CartLineProblem } from '@flashline/contracts';

export class CartLineDto implements CartLine {
  @ApiProperty({ example: '665f1c2ab1e4c2a9d0a1b2c3' })
  productId!: string;

  @ApiProperty({ example: 'Aurora noise-cancelling headphones' })
  name!: string;

  @ApiProperty({ example: 19900, description: 'Current price of the product.' })
  unitPriceCents!: number;

  @ApiProperty({ example: 2 })
  quantity!: number;

  @ApiProperty({ example: 39800 })
  lineTotalCents!: number;

  @ApiPropertyOptional({ example: 120, description: 'On-hand stock of the product (0 when archived).' })
  available?: number;

  @ApiPropertyOptional({
    enum: ['archived', 'insufficient_stock'],
    description: 'Why the line cannot be bought as it stands; absent when it can.',
  })
  problem?: CartLineProblem;
}

export class CartDto implements Cart {
  @ApiProperty({ type: [CartLineDto] })
  items!: CartLineDto[];

  @ApiProperty({ example: 39800, description: 'Sum of every line total.' })
  totalCents!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;
}
