export { ProductsModule } from './products.module';
export { ProductsService, type ProductChanges } from './products.service';
export {
  MOVEMENT_REASONS,
  type MovementReason,
  type NewMovement,
  type RecordedMovement,
  type StockReadOptions,
} from './inventory.types';
