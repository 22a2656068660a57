import type Decimal from 'decimal.js';
import { ZERO } from '../money';
import type { CacheWriteTtl } from './model-price';
import type { UsageQuantities } from './usage-quantities';

/** Optional quantities as they arrive from an API; absent counts are zero. */
export interface PartialUsageQuantities {
  inputTokens?: number | null;
  outputTokens?: number | null;
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
  cacheWriteTtl?: CacheWriteTtl | null;
  reasoningTokens?: number | null;
  embeddingTokens?: number | null;
  imageCount?: number | null;
  imageSize?: string | null;
  imageQuality?: string | null;
  requests?: number | null;
  durationSeconds?: Decimal | null;
}

/** Fills defaults: zero counts, one request, five-minute cache writes. */
export const usageQuantitiesFrom = (input: PartialUsageQuantities): UsageQuantities => ({
  inputTokens: input.inputTokens ?? 0,
  outputTokens: input.outputTokens ?? 0,
  cacheReadTokens: input.cacheReadTokens ?? 0,
  cacheWriteTokens: input.cacheWriteTokens ?? 0,
  cacheWriteTtl: input.cacheWriteTtl ?? 'FIVE_MINUTES',
  reasoningTokens: input.reasoningTokens ?? 0,
  embeddingTokens: input.embeddingTokens ?? 0,
  imageCount: input.imageCount ?? 0,
  imageSize: input.imageSize ?? null,
  imageQuality: input.imageQuality ?? null,
  requests: input.requests ?? 1,
  durationSeconds: input.durationSeconds ?? ZERO,
});
