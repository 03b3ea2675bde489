import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { ProductListQuery } from '@flashline/contracts';
import { PageQueryDto } from '@api/common/http';
import { Trim } from './dto-helpers';

export class ListProductsQuery extends PageQueryDto implements ProductListQuery {
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
