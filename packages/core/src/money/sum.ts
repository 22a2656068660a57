import type Decimal from 'decimal.js';
import { ZERO } from './decimal';

/** Exact sum of decimals; zero for none. */
export const sumDecimals = (values: Iterable<Decimal>): Decimal => {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
};
