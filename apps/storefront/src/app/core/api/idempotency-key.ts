/**
 * A fresh `Idempotency-Key`: 32 hex characters from the CSPRNG (the API accepts `[A-Za-z0-9._:-]{1,128}`).
 * `getRandomValues` works in insecure contexts too, unlike `randomUUID`.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
