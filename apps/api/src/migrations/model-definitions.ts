import type { ModelDefinition } from '@nestjs/mongoose';
import { CART_ITEM_MODEL_DEFINITION } from '@api/cart';
import { FLASH_SALE_MODEL_DEFINITION } from '@api/flash-sale';
import { ORDER_MODEL_DEFINITION } from '@api/orders';
import { PROCESSED_EVENT_MODEL_DEFINITION } from '@api/payments';
import { INVENTORY_MOVEMENT_MODEL_DEFINITION, PRODUCT_MODEL_DEFINITION } from '@api/products';
import { USER_MODEL_DEFINITION } from '@api/users';

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
