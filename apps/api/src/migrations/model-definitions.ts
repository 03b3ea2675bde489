import type { ModelDefinition } from '@nestjs/mongoose';
import { CartItemRecord, CartItemSchema } from '@api/cart/schemas/cart-item.schema';
import { FlashSaleRecord, FlashSaleSchema } from '@api/flash-sale/schemas/flash-sale.schema';
import { OrderRecord, OrderSchema } from '@api/orders/schemas/order.schema';
import { ProcessedEventRecord, ProcessedEventSchema } from '@api/payments/schemas/processed-event.schema';
import {
  InventoryMovementRecord,
  InventoryMovementSchema,
} from '@api/products/schemas/inventory-movement.schema';
import { ProductRecord, ProductSchema } from '@api/products/schemas/product.schema';
import { USER_MODEL, UserSchema } from '@api/users/user.schema';

/**
 * Every model the API registers, exactly as its module registers it: the migration builds their collections
 * and indexes. A test compares this list with the models of the running application, so a new schema
 * cannot be left out.
 */
export const MODEL_DEFINITIONS: readonly ModelDefinition[] = [
  { name: USER_MODEL, schema: UserSchema },
  { name: ProductRecord.name, schema: ProductSchema },
  { name: InventoryMovementRecord.name, schema: InventoryMovementSchema },
  { name: CartItemRecord.name, schema: CartItemSchema },
  { name: FlashSaleRecord.name, schema: FlashSaleSchema },
  { name: OrderRecord.name, schema: OrderSchema },
  { name: ProcessedEventRecord.name, schema: ProcessedEventSchema },
];
