import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AdminOrdersController } from './admin-orders.controller';
import { OrderSoldUnits } from './order-sold-units.repository';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { ORDER_MODEL_DEFINITION } from './schemas/order.schema';

/**
 * Orders: the MongoDB facts of paid reservations. The payments module writes them (OrdersService.place);
 * the flash-sale module counts a sale's sold units from them (OrderSoldUnits).
 */
@Module({
  imports: [MongooseModule.forFeature([ORDER_MODEL_DEFINITION])],
  controllers: [OrdersController, AdminOrdersController],
  providers: [OrdersService, OrderSoldUnits],
  exports: [OrdersService, OrderSoldUnits],
})
export class OrdersModule {}
