import { Module } from '@nestjs/common';
import { FlashSaleModule } from '@api/flash-sale/flash-sale.module';
import { WaitingRoomModule } from '@api/waiting-room/waiting-room.module';
import { SaleOperationsController } from './sale-operations.controller';
import { SaleOperationsService } from './sale-operations.service';

/**
 * The sale operations view for admins (`/api/admin/flash-sales/:id/operations`): reads each sale through
 * the flash-sale module's exported FlashSaleService and ReservationStore, and measures its reserve rate.
 * Pausing and resuming a sale belong to the flash-sale module itself.
 */
@Module({
  imports: [FlashSaleModule, WaitingRoomModule],
  controllers: [SaleOperationsController],
  providers: [SaleOperationsService],
})
export class SaleOperationsModule {}
