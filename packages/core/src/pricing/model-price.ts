import type Decimal from 'decimal.js';
import type { CurrencyCode } from '../money';

/** What a model produces, which decides the quantities it is priced on. */
export type ModelKind = 'CHAT' | 'EMBEDDING' | 'IMAGE' | 'AUDIO';

/** How long a prompt-cache write is kept; Anthropic prices the two differently. */
export type CacheWriteTtl = 'FIVE_MINUTES' | 'ONE_HOUR';

/** Token prices, per million tokens as providers publish them; `null` = not offered. */
export interface TokenPrices {
  inputPerMTok: Decimal | null;
  outputPerMTok: Decimal | null;
  cacheReadPerMTok: Decimal | null;
  cacheWrite5mPerMTok: Decimal | null;
  cacheWrite1hPerMTok: Decimal | null;
}

/**
 * Prices that replace the base token prices for the whole request once its
 * prompt is longer than `aboveInputTokens` (Gemini 2.5 Pro above 200k, Claude
 * Sonnet with the 1M window). A `null` keeps the base price.
 */
export interface LongContextTier extends TokenPrices {
  aboveInputTokens: number;
}

/** Price of one generated image of a size ("1024x1024") and quality ("standard", "hd", "low"...). */
export interface ImagePrice {
  size: string;
  quality: string;
  perImage: Decimal;
}

/**
 * One version of a model's rate card. A version is in force from
 * `effectiveFrom` (inclusive) to `effectiveTo` (exclusive, `null` = open).
 */
export interface ModelPrice extends TokenPrices {
  provider: string;
  model: string;
  kind: ModelKind;
  currency: CurrencyCode;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  /** OpenAI, Google, xAI report cached tokens inside the prompt count; Anthropic reports them on top. */
  cacheReadsIncludedInInput: boolean;
  /** Gemini reports thinking tokens apart from output tokens; most providers count them inside. */
  reasoningIncludedInOutput: boolean;
  longContextTiers: readonly LongContextTier[];
  images: readonly ImagePrice[];
  embeddingPerMTok: Decimal | null;
  perRequest: Decimal | null;
  perSecond: Decimal | null;
  /** The day the list price was read from the provider's page (YYYY-MM-DD). */
  priceAsOf: string;
  source: string | null;
}
