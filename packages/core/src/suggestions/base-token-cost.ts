import type Decimal from 'decimal.js';
import { Dec, ZERO } from '../money';
import type { ModelPrice } from '../pricing/model-price';
import type { TokenTotals } from './token-totals';

const perToken = (perMTok: Decimal | null, fallback: Decimal | null = null) => (perMTok ?? fallback ?? ZERO).div(1_000_000);

/**
 * What the tokens of many requests cost at a model's base token prices
 * (long-context tiers left out: callers only pass requests below every tier),
 * read the way the provider reports them (cached and reasoning tokens inside
 * or on top of the prompt and output counts). Null when the model has no
 * input or output price.
 */
export function baseTokenCost(price: ModelPrice, tokens: TokenTotals): Decimal | null {
  if (!price.inputPerMTok || !price.outputPerMTok) return null;
  const uncachedInput = price.cacheReadsIncludedInInput ? Math.max(0, tokens.inputTokens - tokens.cacheReadTokens) : tokens.inputTokens;
  const output = price.reasoningIncludedInOutput ? tokens.outputTokens : tokens.outputTokens + tokens.reasoningTokens;
  return new Dec(uncachedInput)
    .times(perToken(price.inputPerMTok))
    .plus(new Dec(tokens.cacheReadTokens).times(perToken(price.cacheReadPerMTok, price.inputPerMTok)))
    .plus(new Dec(tokens.cacheWriteTokens).times(perToken(price.cacheWrite5mPerMTok, price.inputPerMTok)))
    .plus(new Dec(output).times(perToken(price.outputPerMTok)));
}
