/** The cart module's public API: other modules import from `@api/cart` only. */
export { CartModule } from './cart.module';
export { CART_ITEM_MODEL_DEFINITION } from './schemas/cart-item.schema';
