/** Whether `url` is a call to our API (and so may carry the bearer token and a clock sample). */
export function isApiUrl(url: string, baseUrl: string): boolean {
  return url === baseUrl || url.startsWith(`${baseUrl}/`) || url.startsWith(`${baseUrl}?`);
}
