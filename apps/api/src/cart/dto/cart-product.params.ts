import { ApiProperty } from '@nestjs/swagger';
import { IsMongoId } from 'class-validator';

export class CartProductParams {
  @ApiProperty({ example: '665f1c2ab1e4c2a9d0a1b2c3', description: 'Product id.' })
  @IsMongoId({ message: 'productId must be a product id' })
  productId!: string;
}
