import type Decimal from 'decimal.js';
import { Dec } from '../money';
import type { ModelPrice } from '../pricing/model-price';
import type { TokenTotals } from './token-totals';

export interface PromptCacheAssumptions {
  /** Share of each long prompt that is a prefix repeated across calls (system prompt, tools, documents). */
  cacheableShare: number;
  /** Cache reads per cache write: how often a cached prefix is reused before it expires. */
  readsPerWrite: number;
}

export const DEFAULT_PROMPT_CACHE_ASSUMPTIONS: PromptCacheAssumptions = { cacheableShare: 0.5, readsPerWrite: 10 };

/**
 * What caching the repeated part of long prompts would save: the cacheable
 * uncached input read at the cache price instead of the input price, less
 * the premium of the writes that fill the cache. Null when the model offers
 * no cache price; never negative.
 */
export function promptCacheSavings(price: ModelPrice, tokens: TokenTotals, assumptions = DEFAULT_PROMPT_CACHE_ASSUMPTIONS): Decimal | null {
  if (!price.inputPerMTok || !price.cacheReadPerMTok) return null;
  const uncached = price.cacheReadsIncludedInInput ? Math.max(0, tokens.inputTokens - tokens.cacheReadTokens) : tokens.inputTokens;
  const cacheable = new Dec(uncached).times(assumptions.cacheableShare);
  const readSaving = cacheable.times(price.inputPerMTok.minus(price.cacheReadPerMTok)).div(1_000_000);
  const writePremium = price.cacheWrite5mPerMTok ? Dec.max(0, price.cacheWrite5mPerMTok.minus(price.inputPerMTok)) : new Dec(0);
  const writeCost = cacheable.div(assumptions.readsPerWrite).times(writePremium).div(1_000_000);
  return Dec.max(0, readSaving.minus(writeCost));
}
