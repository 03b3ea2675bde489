const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let cached = formatters.get(key);
  if (cached === undefined) {
    cached = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    formatters.set(key, cached);
  }
  return cached;
}

/** Digits after the decimal point of a currency's major unit: 2 for USD, 0 for JPY, 3 for KWD. */
export function minorUnitDigits(currency: string): number {
  return formatter(currency, 'en-US').resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats integer minor units (the contract's `priceCents`, `amountCents`) in their currency:
 * `formatMoney(4900, 'usd')` → `$49.00`, `formatMoney(4900, 'jpy')` → `¥4,900`.
 */
export function formatMoney(amountMinor: number, currency: string, locale = 'en-US'): string {
  return formatter(currency, locale).format(amountMinor / 10 ** minorUnitDigits(currency));
}
