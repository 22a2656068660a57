import { Dec, type ImagePrice, type LongContextTier, type ModelPrice } from '@tollgate/core';
import type { ModelPriceColumns, StoredImagePrice, StoredLongContextTier } from './model-price-columns';

const dec = (value: string | null | undefined) => (value == null ? null : new Dec(value));

const toTier = (tier: StoredLongContextTier): LongContextTier => ({
  aboveInputTokens: tier.aboveInputTokens,
  inputPerMTok: dec(tier.inputPerMTok),
  outputPerMTok: dec(tier.outputPerMTok),
  cacheReadPerMTok: dec(tier.cacheReadPerMTok),
  cacheWrite5mPerMTok: dec(tier.cacheWrite5mPerMTok),
  cacheWrite1hPerMTok: dec(tier.cacheWrite1hPerMTok),
});

const toImage = (image: StoredImagePrice): ImagePrice => ({
  size: image.size,
  quality: image.quality,
  perImage: new Dec(image.perImage),
});

/** A stored rate-card row as the domain's `ModelPrice`. */
export function toModelPrice(row: ModelPriceColumns): ModelPrice {
  return {
    provider: row.provider,
    model: row.model,
    kind: row.kind,
    currency: row.currency,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    inputPerMTok: row.inputPerMTok,
    outputPerMTok: row.outputPerMTok,
    cacheReadPerMTok: row.cacheReadPerMTok,
    cacheWrite5mPerMTok: row.cacheWrite5mPerMTok,
    cacheWrite1hPerMTok: row.cacheWrite1hPerMTok,
    embeddingPerMTok: row.embeddingPerMTok,
    perRequest: row.perRequest,
    perSecond: row.perSecond,
    cacheReadsIncludedInInput: row.cacheReadsIncludedInInput,
    reasoningIncludedInOutput: row.reasoningIncludedInOutput,
    longContextTiers: row.longContextTiers.map(toTier),
    images: row.images.map(toImage),
    priceAsOf: row.priceAsOf,
    source: row.source,
  };
}

const text = (value: { toFixed(): string } | null) => (value === null ? null : value.toFixed());

/** The stored JSON form of a domain tier list and image list (private to priceColumnsOf). */
const storedTiers = (tiers: readonly LongContextTier[]): StoredLongContextTier[] =>
  tiers.map((tier) => ({
    aboveInputTokens: tier.aboveInputTokens,
    inputPerMTok: text(tier.inputPerMTok),
    outputPerMTok: text(tier.outputPerMTok),
    cacheReadPerMTok: text(tier.cacheReadPerMTok),
    cacheWrite5mPerMTok: text(tier.cacheWrite5mPerMTok),
    cacheWrite1hPerMTok: text(tier.cacheWrite1hPerMTok),
  }));

const storedImages = (images: readonly ImagePrice[]): StoredImagePrice[] =>
  images.map((image) => ({ size: image.size, quality: image.quality, perImage: image.perImage.toFixed() }));

/** Column values of a domain price, for inserts and upserts. */
export function priceColumnsOf(price: ModelPrice): Omit<ModelPriceColumns, 'createdAt'> {
  return {
    ...price,
    longContextTiers: storedTiers(price.longContextTiers),
    images: storedImages(price.images),
  };
}
