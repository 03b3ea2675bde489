import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Page, Product } from '@flashline/contracts';

/** The contract's `Product`, for Swagger. */
export class ProductDto implements Product {
  @ApiProperty({ example: '665f1c2ab1e4c2a9d0a1b2c3' })
  id!: string;

  @ApiProperty({ example: 'Aurora noise-cancelling headphones' })
  name!: string;

  @ApiProperty({ example: 'Over-ear, 40 h battery, USB-C fast charging.' })
  description!: string;

  @ApiProperty({ example: 19900 })
  priceCents!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiProperty({ example: 120, description: 'On-hand stock: the sum of the inventory movements.' })
  stock!: number;

  @ApiPropertyOptional({ example: 'https://images.example.com/aurora.jpg' })
  imageUrl?: string;

  @ApiProperty({ example: false, description: 'Archived products are hidden from lists, readable by id.' })
  archived!: boolean;

  @ApiProperty({ example: '2025-06-01T12:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2025-06-01T12:00:00.000Z' })
  updatedAt!: string;
}

export class ProductPageDto implements Page<Product> {
  @ApiProperty({ type: [ProductDto] })
  items!: ProductDto[];

  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  limit!: number;
}
