import type { MovementReason } from './products.storage';

export { MOVEMENT_REASONS, type MovementReason } from './products.storage';

/** A stock change to record in the ledger. */
export interface NewMovement {
  productId: string;
  /** Non-zero integer: positive adds on-hand stock, negative takes it away. */
  delta: number;
  reason: MovementReason;
  /**
   * Names the operation, unique across the whole ledger: recording the same operationId again (a retry, a
   * duplicate message, a race) changes nothing. Prefix it with its source, e.g. `sale:<saleId>:allocate`.
   */
  operationId: string;
}

/** A movement as stored, emitted on `ProductsService.movements$` right after it was newly inserted. */
export interface RecordedMovement extends NewMovement {
  createdAt: Date;
}

export interface StockReadOptions {
  /** Skip the in-process cache and sum the ledger now (e.g. before computing an adjustment). */
  fresh?: boolean;
}
