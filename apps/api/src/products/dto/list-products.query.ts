import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type ProductListQuery } from '@flashline/contracts';
import { Trim } from './dto-helpers';

/** Query strings arrive as strings: `@Type(() => Number)` converts, `@IsInt()` refuses "abc", "1.5", "". */
export class ListProductsQuery implements ProductListQuery {
  @ApiPropertyOptional({ type: 'integer', example: 1, minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({
    type: 'integer',
    example: DEFAULT_PAGE_LIMIT,
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: 20,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    example: 'headphones',
    maxLength: 100,
    description: 'Case-insensitive search in the product name (the text matches literally anywhere in it).',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;
}
