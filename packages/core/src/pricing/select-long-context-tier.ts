import type { LongContextTier, ModelPrice } from './model-price';

/** The highest tier whose threshold the prompt exceeds, or `null` for base prices. */
export function selectLongContextTier(price: ModelPrice, promptTokens: number): LongContextTier | null {
  let chosen: LongContextTier | null = null;
  for (const tier of price.longContextTiers) {
    if (promptTokens > tier.aboveInputTokens && (!chosen || tier.aboveInputTokens > chosen.aboveInputTokens)) {
      chosen = tier;
    }
  }
  return chosen;
}
