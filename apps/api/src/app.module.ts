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
import { FlashSaleModule } from './flash-sale/flash-sale.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrdersModule } from './orders/orders.module';
import { DevPaymentsModule } from './payments/dev/dev-payments.module';
import { PaymentsModule } from './payments/payments.module';
import { ProductsModule } from './products/products.module';
import { SaleOperationsModule } from './sale-operations/sale-operations.module';
import { WaitingRoomModule } from './waiting-room/waiting-room.module';
import { RedisModule } from './redis/redis.module';

@Module({
  imports: [
    ConfigModule,
    LifecycleModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    HealthModule,
    MetricsModule,
    BenchModule,
    RateLimitModule,
    SseConnectionLimitModule,
    AuthModule,
    ProductsModule,
    CartModule,
    FlashSaleModule,
    OrdersModule,
    PaymentsModule,
    DevPaymentsModule,
    SaleOperationsModule,
    WaitingRoomModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {}
