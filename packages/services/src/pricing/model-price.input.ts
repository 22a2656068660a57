import type Decimal from 'decimal.js';
import type { ImagePrice, ModelKind, TokenPrices } from '@tollgate/core';

/** A long-context tier as submitted; omitted prices keep the base price. */
export type LongContextTierInput = Partial<TokenPrices> & { aboveInputTokens: number };

/** An org's price version as an admin submits it; omitted prices are "not offered". */
export interface UpsertModelPriceInput {
  provider: string;
  model: string;
  kind?: ModelKind | null;
  currency?: string | null;
  effectiveFrom?: Date | null;
  effectiveTo?: Date | null;
  inputPerMTok?: Decimal | null;
  outputPerMTok?: Decimal | null;
  cacheReadPerMTok?: Decimal | null;
  cacheWrite5mPerMTok?: Decimal | null;
  cacheWrite1hPerMTok?: Decimal | null;
  embeddingPerMTok?: Decimal | null;
  perRequest?: Decimal | null;
  perSecond?: Decimal | null;
  cacheReadsIncludedInInput?: boolean | null;
  reasoningIncludedInOutput?: boolean | null;
  longContextTiers?: LongContextTierInput[] | null;
  images?: ImagePrice[] | null;
}
