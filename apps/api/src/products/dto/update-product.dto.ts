import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { UpdateProductRequest } from '@flashline/contracts';
import { CreateProductDto } from './create-product.dto';
import { IsImageUrl } from './dto-helpers';

/**
 * Any field of a product; absent fields stay as they are, `null` is refused except for `imageUrl`, where it
 * removes the image. `stock` sets on-hand stock: the difference is recorded as an `adjustment` movement.
 */
export class UpdateProductDto
  extends PartialType(OmitType(CreateProductDto, ['imageUrl'] as const), { skipNullProperties: false })
  implements Omit<UpdateProductRequest, 'imageUrl'>
{
  @ApiPropertyOptional({
    example: 'https://images.example.com/aurora.jpg',
    maxLength: 2000,
    nullable: true,
    description: '`null` removes the image.',
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsImageUrl()
  imageUrl?: string | null;
}
