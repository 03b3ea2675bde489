import { Module } from '@nestjs/common';
import { FlashSaleModule } from '@api/flash-sale/flash-sale.module';
import { PaymentsModule } from '../payments.module';
import { DevPaymentsController } from './dev-payments.controller';
import { DevPaymentsService } from './dev-payments.service';
import { DevRoutesGate } from './dev-routes.gate';

/** `POST /api/dev/...`: simulated payments for development and tests (see DevRoutesGate for when). */
@Module({
  imports: [PaymentsModule, FlashSaleModule],
  controllers: [DevPaymentsController],
  providers: [DevPaymentsService, DevRoutesGate],
})
export class DevPaymentsModule {}
