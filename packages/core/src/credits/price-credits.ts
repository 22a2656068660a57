import Decimal from 'decimal.js';
import { badInput } from '../errors';
import { Dec } from '../money';
import type { CreditRate, CreditValue } from './credit-rate';

/** Credits are stored at numeric(38,12); a money-to-credit division rounds there, half-up. */
export const CREDIT_SCALE = 12;

/** Credits for `units` of an action or workflow at its rate. */
export function creditsForUnits(rate: CreditRate, units: Decimal): Decimal {
  if (units.isNegative()) throw badInput('units must not be negative', 'INVALID_QUANTITY', { field: 'units' });
  return rate.credits.times(units).dividedBy(rate.perUnits).toDecimalPlaces(CREDIT_SCALE, Decimal.ROUND_HALF_UP);
}

/** The credits a money cost is worth at the credit's value (for model calls with no action rate). */
export function creditsForCost(cost: Decimal, value: CreditValue): Decimal {
  if (cost.isZero()) return new Dec(0);
  return cost.dividedBy(value.amount).toDecimalPlaces(CREDIT_SCALE, Decimal.ROUND_HALF_UP);
}

/** The money a number of credits is worth (for actions that have a credit rate and no model price). */
export const costForCredits = (credits: Decimal, value: CreditValue): Decimal => credits.times(value.amount);
