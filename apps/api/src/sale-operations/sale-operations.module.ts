import { Module } from '@nestjs/common';
import { FlashSaleModule } from '@api/flash-sale';
import { HoldsModule } from '@api/holds';
import { WaitingRoomModule } from '@api/waiting-room';
import { SaleOperationsController } from './sale-operations.controller';
import { SaleOperationsService } from './sale-operations.service';

/**
 * The sale operations view for admins (`/api/admin/flash-sales/:id/operations`): reads each sale through
 * the flash-sale module's exported FlashSaleService and the hold engine's SaleStateStore, and measures its reserve rate.
 * Pausing and resuming a sale belong to the flash-sale module itself.
 */
@Module({
  imports: [FlashSaleModule, HoldsModule, WaitingRoomModule],
  controllers: [SaleOperationsController],
  providers: [SaleOperationsService],
})
export class SaleOperationsModule {}
