import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { CreateProductRequest } from '@flashline/contracts';
import { MAX_PRICE_CENTS, MAX_STOCK } from '../products.storage';
import { IsImageUrl, IsOptionalNotNull, LowerCase, Trim } from './dto-helpers';

export class CreateProductDto implements CreateProductRequest {
  @ApiProperty({ example: 'Aurora noise-cancelling headphones', minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'Over-ear, 40 h battery, USB-C fast charging.', maxLength: 5000 })
  @Trim()
  @IsString()
  @MaxLength(5000)
  description!: string;

  @ApiProperty({
    type: 'integer',
    example: 19900,
    minimum: 1,
    maximum: MAX_PRICE_CENTS,
    description: 'Integer minor units.',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_PRICE_CENTS)
  priceCents!: number;

  @ApiProperty({ example: 'usd', pattern: '^[a-z]{3}$', description: 'ISO 4217 code, lower case.' })
  @LowerCase()
  @IsString()
  @Matches(/^[a-z]{3}$/, { message: 'currency must be a 3-letter ISO code such as "usd"' })
  currency!: string;

  @ApiProperty({
    type: 'integer',
    example: 120,
    minimum: 0,
    maximum: MAX_STOCK,
    description:
      'On-hand stock. On update, the difference to the current stock is recorded as an adjustment.',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  stock!: number;

  @ApiPropertyOptional({ example: 'https://images.example.com/aurora.jpg', maxLength: 2000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  @IsImageUrl()
  imageUrl?: string;
}
