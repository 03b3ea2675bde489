import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { WindowFilter } from '../flash-sale.repository';

const WINDOWS: readonly WindowFilter[] = ['upcoming', 'active', 'ended'];

export class ListFlashSalesQuery {
  @ApiPropertyOptional({
    enum: WINDOWS,
    description:
      'By window: `upcoming` (not started), `active` (open now: includes sold-out sales, whose status is ' +
      '`sold_out`), `ended`. Without it, every sale.',
  })
  @IsOptional()
  @IsIn(WINDOWS)
  status?: WindowFilter;
}
