import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from '@api/auth';
import { BenchModule } from '@api/bench';
import { AllExceptionsFilter } from '@api/common/errors';
import { SseConnectionLimitModule } from '@api/common/http';
import { LoggingModule } from '@api/common/logging';
import { RateLimitModule } from '@api/common/rate-limit';
import { CartModule } from '@api/cart';
import { ConfigModule } from '@api/config';
import { FlashSaleModule } from '@api/flash-sale';
import { DatabaseModule } from '@api/database';
import { HealthModule } from '@api/health';
import { LifecycleModule } from '@api/lifecycle';
import { MetricsModule } from '@api/metrics';
import { HoldsModule } from '@api/holds';
import { OrdersModule } from '@api/orders';
import { DevPaymentsModule, PaymentsModule } from '@api/payments';
import { ProductsModule } from '@api/products';
import { SaleOperationsModule } from '@api/sale-operations';
import { WaitingRoomModule } from '@api/waiting-room';
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
