import type Decimal from 'decimal.js';
import { DomainError } from '../errors';
import { ZERO } from '../money';
import type { Asset, Posting } from './posting';

/** Sum of the postings for each asset. */
export function sumByAsset(postings: readonly Posting[]): Map<Asset, Decimal> {
  const sums = new Map<Asset, Decimal>();
  for (const posting of postings) sums.set(posting.asset, (sums.get(posting.asset) ?? ZERO).plus(posting.amount));
  return sums;
}

/** Throws unless the postings are non-empty and sum to exactly zero for every asset. */
export function assertBalanced(postings: readonly Posting[]): void {
  if (postings.length === 0) throw new DomainError('BAD_USER_INPUT', 'A ledger transaction needs at least one posting');
  for (const [asset, sum] of sumByAsset(postings)) {
    if (!sum.isZero()) {
      throw new DomainError('BAD_USER_INPUT', `Ledger transaction does not balance: ${asset} postings sum to ${sum.toFixed()}`, {
        reason: 'UNBALANCED_TRANSACTION',
      });
    }
  }
}
