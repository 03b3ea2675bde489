/**
 * How products and their inventory ledger are stored: collection names, index specs and the fields of a
 * new document. Deliberately free of Nest and decorators so `scripts/seed.ts` (run by tsx, which emits no
 * decorator metadata) writes exactly the documents the API writes.
 */

export const PRODUCTS_COLLECTION = 'products';
export const INVENTORY_MOVEMENTS_COLLECTION = 'inventory_movements';

export const MOVEMENT_REASONS = [
  'initial',
  'restock',
  'adjustment',
  'sale_allocation',
  'sale_return',
  'order',
] as const;

/** Why on-hand stock changed. */
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

export interface IndexSpec {
  key: Record<string, 1 | -1>;
  options?: { unique?: boolean; name?: string };
}

/**
 * Lists filter on `archived: false`, search `nameLower` by regex and sort by `nameLower, _id`: one index
 * serves the filter, the sort and a stable page order. See ProductsService.list for the search trade-off.
 */
export const PRODUCT_INDEXES: readonly IndexSpec[] = [{ key: { archived: 1, nameLower: 1, _id: 1 } }];

/**
 * `operationId` unique: recording a movement is an insert, so a retried operation cannot count twice.
 * `{productId, delta}`: the stock sum ($match productId, $sum delta) is answered from the index alone.
 */
export const MOVEMENT_INDEXES: readonly IndexSpec[] = [
  { key: { operationId: 1 }, options: { unique: true } },
  { key: { productId: 1, delta: 1 } },
];

/** The `initial` movement of a product created through the API. */
export const initialOperationId = (productId: string): string => `initial:${productId}`;

/** Lower-cased copy of the name that search and sorting use. */
export const searchableName = (name: string): string => name.toLowerCase();

export const MAX_STOCK = 1_000_000;
export const MAX_PRICE_CENTS = 1_000_000_000;
