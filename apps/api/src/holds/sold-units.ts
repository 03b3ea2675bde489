/** Units of a sale that are sold for good: in total and per buyer (for the per-user limit). */
export interface SoldUnits {
  total: number;
  byUser: ReadonlyMap<string, number>;
}

export const NOTHING_SOLD: SoldUnits = { total: 0, byUser: new Map() };

/**
 * Where a sale's sold units are recorded in MongoDB: its paid orders. A sale's live counters are rebuilt from
 * its definition minus these, so they must come from MongoDB (Redis may have lost everything). Bound in
 * FlashSaleModule to the orders module's OrderSoldUnits.
 */
export abstract class SoldUnitsSource {
  abstract soldUnits(saleId: string): Promise<SoldUnits>;
}
