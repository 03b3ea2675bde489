import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { BenchModule } from './bench/bench.module';
import { AllExceptionsFilter } from '@api/common/errors';
import { SseConnectionLimitModule } from '@api/common/http';
import { LoggingModule } from '@api/common/logging';
import { RateLimitModule } from '@api/common/rate-limit';
import { CartModule } from './cart/cart.module';
import { ConfigModule } from '@api/config';
import { FlashSaleModule } from './flash-sale';
import { DatabaseModule } from '@api/database';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from '@api/lifecycle';
import { MetricsModule } from '@api/metrics';
import { HoldsModule } from './holds';
import { OrdersModule } from './orders';
import { DevPaymentsModule } from './payments/dev/dev-payments.module';
import { PaymentsModule } from './payments/payments.module';
import { ProductsModule } from './products/products.module';
import { SaleOperationsModule } from './sale-operations/sale-operations.module';
import { WaitingRoomModule } from './waiting-room/waiting-room.module';
import { RedisModule } from '@api/redis';

/** Payments watch the flash-sale module's sales through the hold engine's SaleDirectory; one instance. */
const payments = PaymentsModule.forRoot({ sales: FlashSaleModule });

@Module({
  imports: [
    ConfigModule,
    LifecycleModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    HealthModule,
    MetricsModule,
    BenchModule.forEnvironment(),
    RateLimitModule,
    SseConnectionLimitModule,
    AuthModule,
    ProductsModule,
    HoldsModule,
    CartModule,
    FlashSaleModule,
    OrdersModule,
    payments,
    DevPaymentsModule.forRoot(payments),
    SaleOperationsModule,
    WaitingRoomModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {}
