import { Module } from '@nestjs/common';
import { ProductsModule } from '@api/products';
import { CatalogStock } from './catalog-stock.service';
import { CatalogStockStore } from './catalog-stock.store';
import { HoldReaper } from './hold-reaper.service';
import { HoldsStore } from './holds.store';
import { PaymentHoldsStore } from './payment-holds.store';
import { RedisClock } from './redis-clock.service';
import { ReservationsService } from './reservations.service';
import { SaleStateStore } from './sale-state.store';

const PUBLIC = [
  HoldsStore,
  SaleStateStore,
  CatalogStockStore,
  PaymentHoldsStore,
  RedisClock,
  HoldReaper,
  CatalogStock,
  ReservationsService,
];

/**
 * The hold engine (see docs/reservations.md): holds, hold pools and hold records in Redis, moved only by the
 * Lua scripts in `lua/`, by the Redis clock. Its stores are split by job: holds (reserve, checkout, cancel,
 * release), a sale's live state and stats, the catalogue's stock (kept in step with the products' ledger by
 * CatalogStock), and payment holds. Other modules import its public API from `@api/holds`.
 */
@Module({
  imports: [ProductsModule],
  providers: PUBLIC,
  exports: PUBLIC,
})
export class HoldsModule {}
