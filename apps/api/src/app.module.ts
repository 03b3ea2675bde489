import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { BenchModule } from './bench/bench.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { SseConnectionLimitModule } from './common/http/sse-connection-limit';
import { LoggingModule } from './common/logging/logging.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { CartModule } from './cart/cart.module';
import { ConfigModule } from './config/config.module';
import { FlashSaleModule } from './flash-sale';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MetricsModule } from './metrics/metrics.module';
import { HoldsModule } from './holds';
import { OrdersModule } from './orders';
import { DevPaymentsModule } from './payments/dev/dev-payments.module';
import { PaymentsModule } from './payments/payments.module';
import { ProductsModule } from './products/products.module';
import { SaleOperationsModule } from './sale-operations/sale-operations.module';
import { RedisModule } from './redis/redis.module';

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
  ],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {}
