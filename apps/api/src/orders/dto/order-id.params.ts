import { ApiProperty } from '@nestjs/swagger';
import { IsMongoId } from 'class-validator';

export class OrderIdParams {
  @ApiProperty({ example: '6660a1f2b1e4c2a9d0a1b2d0', description: 'Order id.' })
  @IsMongoId({ message: 'id must be an order id' })
  id!: string;
}
