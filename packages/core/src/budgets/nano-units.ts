import Decimal from 'decimal.js';
import { Dec } from '../money';

const NANO = new Dec('1e9');

/**
 * Money and credits as whole nano-units for Redis counters, rounded up so a
 * counter never holds less than was spent: enforcement may err a nano-unit
 * towards blocking, never towards overspending. The ledger stays exact.
 */
export const toNanoUnits = (amount: Decimal): string => amount.times(NANO).toDecimalPlaces(0, Decimal.ROUND_CEIL).toFixed();

export const fromNanoUnits = (units: string | number): Decimal => new Dec(units).dividedBy(NANO);
