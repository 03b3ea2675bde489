import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RateLimitModule } from '@api/common/rate-limit';
import { HoldsModule } from '@api/holds';
import { OrdersModule } from '@api/orders';
import { ProductsModule } from '@api/products';
import { IntentIndex } from './intent-index.store';
import { IntentVoider } from './intent-voider.service';
import { PaymentEventsService } from './payment-events.service';
import { PaymentGateway } from './payment-gateway.service';
import { PaymentIntentsService } from './payment-intents.service';
import { PaymentPools } from './payment-pools.service';
import { PaymentsAudit } from './payments-audit.service';
import { PaymentsReconciler } from './payments-reconciler.service';
import { ProcessedEvents } from './processed-events.repository';
import { PurchaseFinalizer } from './purchase-finalizer.service';
import { ReservationsController } from './reservations.controller';
import { PROCESSED_EVENT_MODEL_DEFINITION } from './schemas/processed-event.schema';
import { stripeClientProvider } from './stripe.client';
import { WebhookController } from './webhook.controller';

export interface PaymentsOptions {
  /** A module that exports the hold engine's SaleDirectory (AppModule passes the flash-sale module). */
  sales: Type;
}

/**
 * Payments (see docs/payments.md): Stripe PaymentIntents for reservations, the verified webhook that confirms
 * them, the finalizer that turns a confirmed payment into an order, and the reconciler that finishes what a
 * crash interrupted and audits that Redis and MongoDB agree. It also serves every `/reservations` route
 * (read, cancel, pay). It depends on the hold engine's public services (`@api/holds`) only; the sales whose
 * pools it watches come from whichever module AppModule hands it (`forRoot`).
 */
@Module({})
export class PaymentsModule {
  static forRoot(options: PaymentsOptions): DynamicModule {
    return {
      module: PaymentsModule,
      imports: [
        MongooseModule.forFeature([PROCESSED_EVENT_MODEL_DEFINITION]),
        HoldsModule,
        OrdersModule,
        ProductsModule,
        RateLimitModule,
        options.sales,
      ],
      controllers: [ReservationsController, WebhookController],
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
    };
  }
}
