import { ApiProperty } from '@nestjs/swagger';
import { IsMongoId } from 'class-validator';

export class FlashSaleIdParams {
  @ApiProperty({ example: '665f1c2ab1e4c2a9d0a1b2c3', description: 'Flash sale id.' })
  @IsMongoId({ message: 'id must be a flash sale id' })
  id!: string;
}
