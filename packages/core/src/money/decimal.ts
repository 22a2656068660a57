import Decimal from 'decimal.js';

/**
 * The one Decimal constructor for money in Tollgate. decimal.js defaults to
 * 20 significant digits, which silently rounds a 38-digit `numeric`; 64 keeps
 * every value PostgreSQL can hold exact. Exponent limits keep `toString()`
 * in plain notation for the tiny per-token prices.
 */
export const Dec = Decimal.clone({
  precision: 64,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 60,
});

export type Dec = Decimal;

export const ZERO: Decimal = new Dec(0);

const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Parses a plain decimal string ("12.5", "-0.000001"); rejects exponents, NaN and Infinity. */
export function parseDecimal(value: string | number | Decimal, field = 'value'): Decimal {
  if (Decimal.isDecimal(value)) return new Dec(value as Decimal);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${field} must be a finite number`);
    return new Dec(value);
  }
  const trimmed = value.trim();
  if (!DECIMAL_PATTERN.test(trimmed)) {
    throw new TypeError(`${field} must be a decimal number such as "12.50", got "${value}"`);
  }
  return new Dec(trimmed);
}

/** Plain-notation string with no trailing exponent, as stored and served. */
export const formatDecimal = (value: Decimal): string => value.toFixed();
