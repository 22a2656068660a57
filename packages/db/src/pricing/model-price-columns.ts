import type { CurrencyCode, ModelKind } from '@tollgate/core';
import type Decimal from 'decimal.js';
import { Column, CreateDateColumn } from 'typeorm';
import { DecimalColumn } from '../decimal-column';

/** Long-context tiers and image prices are small lists kept as JSON with decimal strings. */
export interface StoredLongContextTier {
  aboveInputTokens: number;
  inputPerMTok?: string | null;
  outputPerMTok?: string | null;
  cacheReadPerMTok?: string | null;
  cacheWrite5mPerMTok?: string | null;
  cacheWrite1hPerMTok?: string | null;
}

export interface StoredImagePrice {
  size: string;
  quality: string;
  perImage: string;
}

/** The columns of one rate-card version, shared by the public catalog and org overrides. */
export abstract class ModelPriceColumns {
  @Column({ type: 'text' })
  provider: string;

  @Column({ type: 'text' })
  model: string;

  @Column({ type: 'text' })
  kind: ModelKind;

  @Column({ type: 'char', length: 3 })
  currency: CurrencyCode;

  @Column({ type: 'timestamptz' })
  effectiveFrom: Date;

  @Column({ type: 'timestamptz', nullable: true })
  effectiveTo: Date | null;

  @DecimalColumn({ nullable: true, name: 'input_per_mtok' })
  inputPerMTok: Decimal | null;

  @DecimalColumn({ nullable: true, name: 'output_per_mtok' })
  outputPerMTok: Decimal | null;

  @DecimalColumn({ nullable: true, name: 'cache_read_per_mtok' })
  cacheReadPerMTok: Decimal | null;

  @DecimalColumn({ nullable: true, name: 'cache_write_5m_per_mtok' })
  cacheWrite5mPerMTok: Decimal | null;

  @DecimalColumn({ nullable: true, name: 'cache_write_1h_per_mtok' })
  cacheWrite1hPerMTok: Decimal | null;

  @DecimalColumn({ nullable: true, name: 'embedding_per_mtok' })
  embeddingPerMTok: Decimal | null;

  @DecimalColumn({ nullable: true })
  perRequest: Decimal | null;

  @DecimalColumn({ nullable: true })
  perSecond: Decimal | null;

  @Column({ type: 'boolean' })
  cacheReadsIncludedInInput: boolean;

  @Column({ type: 'boolean' })
  reasoningIncludedInOutput: boolean;

  @Column({ type: 'jsonb' })
  longContextTiers: StoredLongContextTier[];

  @Column({ type: 'jsonb' })
  images: StoredImagePrice[];

  @Column({ type: 'date' })
  priceAsOf: string;

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
