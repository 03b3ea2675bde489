import { Injectable } from '@nestjs/common';

/** Units of a sale that are sold for good: in total and per buyer (for the per-user limit). */
export interface SoldUnits {
  total: number;
  byUser: ReadonlyMap<string, number>;
}

export const NOTHING_SOLD: SoldUnits = { total: 0, byUser: new Map() };

/**
 * Where a sale's sold units are recorded in MongoDB: its orders. A sale's live counters are rebuilt from its
 * definition minus these, so they must come from MongoDB (Redis may have lost everything).
 *
 * The seam for the orders issue: provide an implementation counting the sale's paid orders and bind it in
 * FlashSaleModule instead of {@link NoOrdersYet}.
 */
export abstract class SoldUnitsSource {
  abstract soldUnits(saleId: string): Promise<SoldUnits>;
}

/**
 * Until orders exist a paid hold lives only in Redis, so a rebuild after Redis lost its data counts nothing
 * sold (see RESERVATIONS.md, "What Redis losing everything costs").
 */
@Injectable()
export class NoOrdersYet extends SoldUnitsSource {
  soldUnits(): Promise<SoldUnits> {
    return Promise.resolve(NOTHING_SOLD);
  }
}
