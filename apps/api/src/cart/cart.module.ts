import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { HoldsModule } from '@api/holds';
import { ProductsModule } from '@api/products';
import { CartCheckoutController } from './cart-checkout.controller';
import { CartCheckoutService } from './cart-checkout.service';
import { CartController } from './cart.controller';
import { CartService } from './cart.service';
import { CART_ITEM_MODEL_DEFINITION } from './schemas/cart-item.schema';

/** Shopping carts and their checkout (`POST /api/cart/checkout`: every line held at once, by the hold engine). */
@Module({
  imports: [MongooseModule.forFeature([CART_ITEM_MODEL_DEFINITION]), ProductsModule, HoldsModule],
  controllers: [CartController, CartCheckoutController],
  providers: [CartService, CartCheckoutService],
  exports: [CartService],
})
export class CartModule {}
