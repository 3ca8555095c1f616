/**
 * Money and quantity formatting. Formatters are cached: a 500-line bill formats 500 prices
 * per update, and building an Intl.NumberFormat is far slower than using one.
 */

/**
 * Currencies shown without minor units although ISO 4217 gives them two: the rupiah has
 * no coins below 1 in use, and the original display printed none.
 */
const WHOLE_UNIT_CURRENCIES = new Set(['IDR']);

const cache = new Map<string, Intl.NumberFormat>();

function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

/** `formatMoney(27750, 'id-ID', 'IDR')` → `Rp 27.750`. */
export function formatMoney(amount: number, locale: string, currency: string): string {
  const format = formatter(`m|${locale}|${currency}`, () => {
    const whole = WHOLE_UNIT_CURRENCIES.has(currency.toUpperCase());
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
      });
    } catch {
      // A bad locale or currency code must not blank the bill: fall back to plain numbers.
      return new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
    }
  });
  return format.format(amount);
}

/** Quantities may be fractional (weighed goods): `1,5` in id-ID. */
export function formatQuantity(quantity: number, locale: string): string {
  const format = formatter(`q|${locale}`, () => {
    try {
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    } catch {
      return new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });
    }
  });
  return format.format(quantity);
}
