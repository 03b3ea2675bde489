import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RateLimitModule } from '@api/common/rate-limit/rate-limit.module';
import { FlashSaleModule } from '@api/flash-sale/flash-sale.module';
import { OrdersModule } from '@api/orders/orders.module';
import { ProductsModule } from '@api/products';
import { IntentIndex } from './intent-index';
import { IntentVoider } from './intent-voider';
import { PaymentEventsService } from './payment-events.service';
import { PaymentGateway } from './payment-gateway';
import { PaymentIntentsController } from './payment-intents.controller';
import { PaymentIntentsService } from './payment-intents.service';
import { PaymentPools } from './payment-pools';
import { PaymentsAudit } from './payments-audit';
import { PaymentsReconciler } from './payments-reconciler';
import { ProcessedEvents } from './processed-events';
import { PurchaseFinalizer } from './purchase-finalizer';
import { ProcessedEventRecord, ProcessedEventSchema } from './schemas/processed-event.schema';
import { stripeClientProvider } from './stripe.client';
import { WebhookController } from './webhook.controller';

/**
 * Payments (see PAYMENTS.md): Stripe PaymentIntents for reservations, the verified webhook that confirms
 * them, the finalizer that turns a confirmed payment into an order, and the reconciler that finishes what a
 * crash interrupted and audits that Redis and MongoDB agree.
 */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: ProcessedEventRecord.name, schema: ProcessedEventSchema }]),
    FlashSaleModule,
    OrdersModule,
    ProductsModule,
    RateLimitModule,
  ],
  controllers: [PaymentIntentsController, WebhookController],
  providers: [
    stripeClientProvider,
    PaymentGateway,
    IntentIndex,
    PaymentIntentsService,
    ProcessedEvents,
    PurchaseFinalizer,
    PaymentEventsService,
    PaymentPools,
    IntentVoider,
    PaymentsAudit,
    PaymentsReconciler,
  ],
  exports: [PaymentGateway, IntentIndex, PaymentIntentsService, PaymentsReconciler],
})
export class PaymentsModule {}
