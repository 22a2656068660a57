import Decimal from 'decimal.js';
import { Dec } from './decimal';
import { minorUnitDigits, type CurrencyCode } from './currency';

/**
 * Rounds an amount to the currency's minor unit, half away from zero
 * ("half-up" on magnitudes, so a refund rounds like the charge it reverses).
 * The single place where money loses precision: invoice lines call this.
 */
export function roundToMinorUnit(amount: Decimal, currency: CurrencyCode): Decimal {
  return new Dec(amount).toDecimalPlaces(minorUnitDigits(currency), Decimal.ROUND_HALF_UP);
}
