/**
 * The in-app path to go back to after signing in: only a same-origin absolute path is accepted (never
 * `//evil.example` or `https://…`), anything else falls back to `/`.
 */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
