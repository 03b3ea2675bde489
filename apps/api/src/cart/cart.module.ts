import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProductsModule } from '@api/products/products.module';
import { CartController } from './cart.controller';
import { CartService } from './cart.service';
import { CartItemRecord, CartItemSchema } from './schemas/cart-item.schema';

/** Shopping carts. Exports CartService for checkout (getLines, getCart, clear). */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: CartItemRecord.name, schema: CartItemSchema }]),
    ProductsModule,
  ],
  controllers: [CartController],
  providers: [CartService],
  exports: [CartService],
})
export class CartModule {}
