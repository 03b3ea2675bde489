import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { InventoryLedger } from './inventory-ledger.service';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';
import { INVENTORY_MOVEMENT_MODEL_DEFINITION } from './schemas/inventory-movement.schema';
import { PRODUCT_MODEL_DEFINITION } from './schemas/product.schema';

/** The catalogue and its inventory ledger. Other modules use the exported ProductsService only. */
@Module({
  imports: [MongooseModule.forFeature([PRODUCT_MODEL_DEFINITION, INVENTORY_MOVEMENT_MODEL_DEFINITION])],
  controllers: [ProductsController],
  providers: [ProductsService, InventoryLedger],
  exports: [ProductsService],
})
export class ProductsModule {}
