/** MongoDB's duplicate-key error: a unique index refused an insert (or an upsert's insert). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
