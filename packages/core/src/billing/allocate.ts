import Decimal from 'decimal.js';
import { badInput } from '../errors';
import { Dec, minorUnitDigits, type CurrencyCode } from '../money';

/**
 * Splits `total` (already in whole minor units of `currency`) in proportion to
 * `weights` by largest remainder: each share is its floor, and the minor units
 * left go one by one to the largest remainders (ties to the earliest). The
 * shares always sum exactly to the total.
 */
export function allocate(total: Decimal, weights: readonly Decimal[], currency: CurrencyCode): Decimal[] {
  const digits = minorUnitDigits(currency);
  const unit = new Dec(10).pow(-digits);
  if (!total.dividedBy(unit).isInteger()) throw badInput(`total ${total.toFixed()} is not in whole ${currency} minor units`, 'INVALID_AMOUNT');
  if (weights.length === 0) throw badInput('allocate needs at least one weight', 'INVALID_WEIGHTS');
  if (weights.some((w) => w.isNegative())) throw badInput('weights must not be negative', 'INVALID_WEIGHTS');
  const weightSum = weights.reduce((sum, w) => sum.plus(w), new Dec(0));
  const units = total.dividedBy(unit);
  const exact = weights.map((w) => (weightSum.isZero() ? units.dividedBy(weights.length) : units.times(w).dividedBy(weightSum)));
  const floors = exact.map((e) => e.toDecimalPlaces(0, Decimal.ROUND_FLOOR));
  let left = units.minus(floors.reduce((sum, f) => sum.plus(f), new Dec(0))).toNumber();
  const order = exact.map((e, i) => ({ i, remainder: e.minus(floors[i]!) })).sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = floors[i]!.plus(1);
    left -= 1;
  }
  return floors.map((f) => f.times(unit));
}
