import { ApiProperty } from '@nestjs/swagger';
import { IsMongoId } from 'class-validator';
import { soleField } from '@api/common/http';

/** An ObjectId's usual spelling; `IsMongoId` also takes a few rarer ones, which the full pipe checks. */
const OBJECT_ID_HEX = /^[0-9a-f]{24}$/i;

export class FlashSaleIdParams {
  @ApiProperty({ example: '665f1c2ab1e4c2a9d0a1b2c3', description: 'Flash sale id.' })
  @IsMongoId({ message: 'id must be a flash sale id' })
  id!: string;

  /** The hot path's check (see PlainAcceptingDto): exactly `{ id: <24 hex digits> }`. */
  static acceptPlain(value: unknown): FlashSaleIdParams | undefined {
    const id = soleField(value, 'id');
    if (typeof id !== 'string' || !OBJECT_ID_HEX.test(id)) return undefined;
    const params = new FlashSaleIdParams();
    params.id = id;
    return params;
  }
}
