/** The `Date` header a server whose clock reads `serverTime` would send (whole seconds, RFC 7231). */
export function httpDate(serverTime: number): string {
  return new Date(Math.floor(serverTime / 1000) * 1000).toUTCString();
}
