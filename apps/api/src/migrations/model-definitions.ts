import type { ModelDefinition } from '@nestjs/mongoose';
import { CART_ITEM_MODEL_DEFINITION } from '@api/cart/schemas/cart-item.schema';
import { FLASH_SALE_MODEL_DEFINITION } from '@api/flash-sale/schemas/flash-sale.schema';
import { ORDER_MODEL_DEFINITION } from '@api/orders/schemas/order.schema';
import { PROCESSED_EVENT_MODEL_DEFINITION } from '@api/payments/schemas/processed-event.schema';
import { INVENTORY_MOVEMENT_MODEL_DEFINITION } from '@api/products/schemas/inventory-movement.schema';
import { PRODUCT_MODEL_DEFINITION } from '@api/products/schemas/product.schema';
import { USER_MODEL_DEFINITION } from '@api/users/user.schema';

/**
 * Every model the API registers, each the definition its own module registers: the migration builds their
 * collections and indexes. A test compares this list with the models of the running application, so a new
 * schema cannot be left out.
 */
export const MODEL_DEFINITIONS: readonly ModelDefinition[] = [
  USER_MODEL_DEFINITION,
  PRODUCT_MODEL_DEFINITION,
  INVENTORY_MOVEMENT_MODEL_DEFINITION,
  CART_ITEM_MODEL_DEFINITION,
  FLASH_SALE_MODEL_DEFINITION,
  ORDER_MODEL_DEFINITION,
  PROCESSED_EVENT_MODEL_DEFINITION,
];
