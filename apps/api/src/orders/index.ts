/** The orders module's public API: other modules import from `@api/orders` only. */
export { OrderSoldUnits } from './order-sold-units.repository';
export { OrdersModule } from './orders.module';
export * from './orders.service';
export { ORDER_MODEL_DEFINITION } from './schemas/order.schema';
