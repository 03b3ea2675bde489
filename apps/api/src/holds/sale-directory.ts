/** What the hold engine's callers need of a sale to find its pool and check it. */
export interface PoolSale {
  id: string;
  productId: string;
  quantity: number;
  perUserLimit: number;
}

/**
 * The sales whose pools may still hold payments: implemented by the flash-sale module (its repository) and
 * handed to payments by AppModule, so payments depends on the hold engine only.
 */
export abstract class SaleDirectory {
  /** Sales not ended before `since`. */
  abstract recent(since: Date): Promise<PoolSale[]>;
}
