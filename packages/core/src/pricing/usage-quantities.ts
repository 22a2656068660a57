import type Decimal from 'decimal.js';
import type { CacheWriteTtl } from './model-price';

/** The measured quantities of one model call, as the caller reports them. */
export interface UsageQuantities {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cacheWriteTtl: CacheWriteTtl;
  reasoningTokens: number;
  embeddingTokens: number;
  imageCount: number;
  imageSize: string | null;
  imageQuality: string | null;
  /** Billable requests; a per-request price is charged this many times. */
  requests: number;
  /** Billable duration for per-second priced models (audio); may be fractional. */
  durationSeconds: Decimal;
}

const COUNT_FIELDS = [
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'reasoningTokens',
  'embeddingTokens',
  'imageCount',
  'requests',
] as const;

export type UsageCountField = (typeof COUNT_FIELDS)[number];

export const usageCountFields = (): readonly UsageCountField[] => COUNT_FIELDS;
