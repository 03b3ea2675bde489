import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccessTokenModule } from '@api/common/auth';
import { RateLimitModule } from '@api/common/rate-limit';
import { HoldsModule, SaleDirectory, SoldUnitsSource } from '@api/holds';
import { OrdersModule, OrderSoldUnits } from '@api/orders';
import { ProductsModule } from '@api/products';
import { FlashSaleController } from './flash-sale.controller';
import { FlashSaleRepository } from './flash-sale.repository';
import { FlashSaleService } from './flash-sale.service';
import { LiveSales } from './live-sales.service';
import { LocalRejections } from './local-rejections.service';
import { ReservationReaper } from './reservation-reaper.service';
import { ReservationService } from './reservation.service';
import { SaleEvents } from './sale-events.service';
import { SaleLoader } from './sale-loader.service';
import { SaleSettlement } from './sale-settlement.service';
import { SaleStreams } from './sale-streams.service';
import { FLASH_SALE_MODEL_DEFINITION } from './schemas/flash-sale.schema';
import { SoldOutShortcut } from './sold-out-shortcut';

/**
 * Flash sales (see docs/reservations.md): sale definitions in MongoDB, the reserve API, live events, loading
 * sales into the hold engine (`@api/holds`) and settling them. Exports FlashSaleService (a sale with its live
 * state), ReservationService, the sale repository, and the SaleDirectory the payments module is handed by
 * AppModule. A sale's sold units are its orders (OrderSoldUnits).
 */
@Module({
  imports: [
    MongooseModule.forFeature([FLASH_SALE_MODEL_DEFINITION]),
    HoldsModule,
    ProductsModule,
    OrdersModule,
    RateLimitModule,
    AccessTokenModule,
  ],
  controllers: [FlashSaleController],
  providers: [
    FlashSaleRepository,
    { provide: SoldUnitsSource, useExisting: OrderSoldUnits },
    { provide: SaleDirectory, useExisting: FlashSaleRepository },
    SaleLoader,
    LiveSales,
    SaleEvents,
    FlashSaleService,
    SaleStreams,
    LocalRejections,
    ReservationService,
    SaleSettlement,
    ReservationReaper,
    SoldOutShortcut,
  ],
  exports: [FlashSaleService, ReservationService, FlashSaleRepository, SaleDirectory, SaleLoader],
})
export class FlashSaleModule {}
