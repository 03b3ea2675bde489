import { Module } from '@nestjs/common';
import { FlashSaleModule } from '@api/flash-sale';
import { HoldsModule } from '@api/holds';
import { RateLimitModule } from '@api/common/rate-limit';
import { AdmissionTicker } from './admission-ticker';
import { WaitingRoomController } from './waiting-room.controller';
import { WaitingRoomService } from './waiting-room.service';
import { WaitingRoomStore } from './waiting-room.store';

/**
 * The waiting room of a sale (contract: "Waiting room", docs/waiting-room.md): its line lives in Redis
 * next to the sale's keys, moved only by the scripts in `lua/`; reserve.lua (flash-sale) checks and uses an
 * admission in the hold's own step. Exports the service for the operations snapshot.
 */
@Module({
  imports: [FlashSaleModule, HoldsModule, RateLimitModule],
  controllers: [WaitingRoomController],
  providers: [WaitingRoomStore, WaitingRoomService, AdmissionTicker],
  exports: [WaitingRoomService],
})
export class WaitingRoomModule {}
