/** The products module's public API: other modules import from `@api/products` only. */
export { ProductsModule } from './products.module';
export { ProductsService, type ProductChanges } from './products.service';
export {
  MOVEMENT_REASONS,
  type MovementReason,
  type NewMovement,
  type RecordedMovement,
  type StockReadOptions,
} from './inventory.types';
export { INVENTORY_MOVEMENT_MODEL_DEFINITION } from './schemas/inventory-movement.schema';
export { PRODUCT_MODEL_DEFINITION } from './schemas/product.schema';
