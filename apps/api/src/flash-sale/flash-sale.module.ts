import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CartModule } from '@api/cart/cart.module';
import { OrdersModule } from '@api/orders/orders.module';
import { OrderSoldUnits } from '@api/orders/order-sold-units';
import { ProductsModule } from '@api/products/products.module';
import { AccessTokenModule } from '@api/common/auth/access-token.module';
import { RateLimitModule } from '@api/common/rate-limit/rate-limit.module';
import { CartCheckoutController } from './cart-checkout.controller';
import { CartCheckoutService } from './cart-checkout.service';
import { CatalogStock } from './catalog-stock';
import { FlashSaleController } from './flash-sale.controller';
import { FlashSaleRepository } from './flash-sale.repository';
import { FlashSaleService } from './flash-sale.service';
import { LiveSales } from './live-sales';
import { LocalRejections } from './local-rejections';
import { RedisClock } from './redis-clock';
import { ReservationReaper } from './reservation-reaper';
import { ReservationService } from './reservation.service';
import { ReservationStore } from './reservation.store';
import { ReservationsController } from './reservations.controller';
import { SaleEvents } from './sale-events';
import { SaleLoader } from './sale-loader';
import { SaleSettlement } from './sale-settlement';
import { SaleStreams } from './sale-streams';
import { FlashSaleRecord, FlashSaleSchema } from './schemas/flash-sale.schema';
import { RESERVE_PATH, SoldOutShortcut } from './sold-out-shortcut.middleware';
import { SoldUnitsSource } from './sold-units';

/**
 * Flash sales and the reservation engine (see RESERVATIONS.md): sale definitions in MongoDB, every
 * contended counter and hold in Redis, moved only by the Lua scripts in `lua/`. Exports ReservationStore
 * (payments attach intents to holds, confirm and complete them through it; `saleStats` reads a sale's
 * funnel), FlashSaleService (a sale with its live state), ReservationService, the sale repository and the
 * Redis clock. A sale's sold units are its orders (OrderSoldUnits).
 */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: FlashSaleRecord.name, schema: FlashSaleSchema }]),
    ProductsModule,
    CartModule,
    OrdersModule,
    RateLimitModule,
    AccessTokenModule,
  ],
  controllers: [FlashSaleController, ReservationsController, CartCheckoutController],
  providers: [
    ReservationStore,
    RedisClock,
    FlashSaleRepository,
    { provide: SoldUnitsSource, useExisting: OrderSoldUnits },
    SaleLoader,
    LiveSales,
    CatalogStock,
    SaleEvents,
    FlashSaleService,
    SaleStreams,
    LocalRejections,
    ReservationService,
    CartCheckoutService,
    SaleSettlement,
    ReservationReaper,
  ],
  exports: [
    FlashSaleService,
    ReservationService,
    ReservationStore,
    FlashSaleRepository,
    RedisClock,
    SaleLoader,
  ],
})
export class FlashSaleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SoldOutShortcut).forRoutes({ path: RESERVE_PATH, method: RequestMethod.POST });
  }
}
