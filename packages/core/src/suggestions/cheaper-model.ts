import type Decimal from 'decimal.js';
import type { ModelPrice } from '../pricing/model-price';
import { baseTokenCost } from './base-token-cost';
import type { TokenTotals } from './token-totals';

export interface CheaperModel {
  price: ModelPrice;
  /** The tokens at the cheaper model's base prices. */
  cost: Decimal;
  /** The same tokens at the current model's base prices. */
  currentCost: Decimal;
}

/**
 * The next step down a family for these tokens: of the same provider's
 * family members (same kind and currency) that would cost less, the most
 * expensive one — the smallest move that saves, not the cheapest model
 * whatever its quality.
 */
export function cheaperModelInFamily(current: ModelPrice, family: readonly ModelPrice[], tokens: TokenTotals): CheaperModel | null {
  const currentCost = baseTokenCost(current, tokens);
  if (!currentCost || currentCost.isZero()) return null;
  let best: CheaperModel | null = null;
  for (const candidate of family) {
    if (candidate.provider !== current.provider || candidate.model === current.model || candidate.kind !== current.kind || candidate.currency !== current.currency) continue;
    const cost = baseTokenCost(candidate, tokens);
    if (!cost || !cost.lt(currentCost)) continue;
    if (!best || cost.gt(best.cost)) best = { price: candidate, cost, currentCost };
  }
  return best;
}
