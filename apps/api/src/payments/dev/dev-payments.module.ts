import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HoldsModule } from '@api/holds';
import { DevPaymentsController } from './dev-payments.controller';
import { DevPaymentsService } from './dev-payments.service';
import { DevRoutesGate } from './dev-routes.gate';

/**
 * `POST /api/dev/...`: simulated payments for development and tests (see DevRoutesGate for when). Takes the
 * very PaymentsModule AppModule built (`PaymentsModule.forRoot(...)`), so there is one instance of it.
 */
@Module({})
export class DevPaymentsModule implements NestModule {
  static forRoot(payments: DynamicModule): DynamicModule {
    return {
      module: DevPaymentsModule,
      imports: [payments, HoldsModule],
      controllers: [DevPaymentsController],
      providers: [DevPaymentsService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(DevRoutesGate).forRoutes(DevPaymentsController);
  }
}
