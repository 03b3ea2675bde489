import { Injectable } from '@nestjs/common';
import { type SoldUnits, SoldUnitsSource } from '@api/holds';
import { OrdersService } from './orders.service';

/** A flash sale's sold units are its paid orders: what its Redis counters are rebuilt from. */
@Injectable()
export class OrderSoldUnits extends SoldUnitsSource {
  constructor(private readonly orders: OrdersService) {
    super();
  }

  soldUnits(saleId: string): Promise<SoldUnits> {
    return this.orders.saleUnits(saleId);
  }
}
