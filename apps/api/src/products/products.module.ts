import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { InventoryLedger } from './inventory-ledger.service';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';
import { InventoryMovementRecord, InventoryMovementSchema } from './schemas/inventory-movement.schema';
import { ProductRecord, ProductSchema } from './schemas/product.schema';

/** The catalogue and its inventory ledger. Other modules use the exported ProductsService only. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ProductRecord.name, schema: ProductSchema },
      { name: InventoryMovementRecord.name, schema: InventoryMovementSchema },
    ]),
  ],
  controllers: [ProductsController],
  providers: [ProductsService, InventoryLedger],
  exports: [ProductsService],
})
export class ProductsModule {}
