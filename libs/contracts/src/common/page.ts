/** A page of a list: `limit` is at most {@link MAX_PAGE_LIMIT}. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export interface PageQuery {
  page?: number;
  limit?: number;
}

export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 20;

/** Money is integer minor units with a lower-case ISO currency. */
export type Currency = string;
