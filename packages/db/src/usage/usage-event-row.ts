import type Decimal from 'decimal.js';
import type { TokenCounts } from '@tollgate/core';

export type CostSource = 'CATALOG' | 'ORG_PRICE' | 'FALLBACK' | 'CREDIT_RATE' | 'CALLER';

/** One priced usage event as stored. */
export interface UsageEventRow extends TokenCounts {
  orgId: string;
  id: string;
  idempotencyKey: string;
  requestHash: string;
  occurredAt: Date;
  provider: string | null;
  model: string | null;
  projectId: string | null;
  userId: string | null;
  sessionId: string | null;
  feature: string | null;
  category: string;
  tags: Record<string, string>;
  imageSize: string | null;
  imageQuality: string | null;
  units: Decimal | null;
  unit: string | null;
  durationSeconds: Decimal | null;
  cost: Decimal;
  currency: string;
  credits: Decimal;
  costSource: CostSource;
  priceEffectiveFrom: Date | null;
  latencyMs: number | null;
  success: boolean;
  metadata: unknown;
  reservationId: string | null;
  actor: string;
  ledgerTransactionId: string;
}

type Column = readonly [column: string, sqlType: string, value: (row: UsageEventRow) => unknown];

const text = (value: Decimal | null) => (value === null ? null : value.toFixed());
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** Every stored column with its array type, so the batch insert is one `unnest` over parallel arrays. */
export const USAGE_EVENT_COLUMNS: readonly Column[] = [
  ['id', 'uuid', (r) => r.id],
  ['idempotency_key', 'text', (r) => r.idempotencyKey],
  ['request_hash', 'text', (r) => r.requestHash],
  ['occurred_at', 'timestamptz', (r) => r.occurredAt.toISOString()],
  ['provider', 'text', (r) => r.provider],
  ['model', 'text', (r) => r.model],
  ['project_id', 'uuid', (r) => r.projectId],
  ['user_id', 'text', (r) => r.userId],
  ['session_id', 'text', (r) => r.sessionId],
  ['feature', 'text', (r) => r.feature],
  ['category', 'text', (r) => r.category],
  ['tags', 'jsonb', (r) => JSON.stringify(r.tags)],
  ['input_tokens', 'bigint', (r) => r.inputTokens],
  ['output_tokens', 'bigint', (r) => r.outputTokens],
  ['cache_read_tokens', 'bigint', (r) => r.cacheReadTokens],
  ['cache_write_tokens', 'bigint', (r) => r.cacheWriteTokens],
  ['reasoning_tokens', 'bigint', (r) => r.reasoningTokens],
  ['embedding_tokens', 'bigint', (r) => r.embeddingTokens],
  ['image_count', 'int', (r) => r.imageCount],
  ['image_size', 'text', (r) => r.imageSize],
  ['image_quality', 'text', (r) => r.imageQuality],
  ['units', 'numeric', (r) => text(r.units)],
  ['unit', 'text', (r) => r.unit],
  ['duration_seconds', 'numeric', (r) => text(r.durationSeconds)],
  ['cost', 'numeric', (r) => r.cost.toFixed()],
  ['currency', 'text', (r) => r.currency],
  ['credits', 'numeric', (r) => r.credits.toFixed()],
  ['cost_source', 'text', (r) => r.costSource],
  ['price_effective_from', 'timestamptz', (r) => r.priceEffectiveFrom?.toISOString() ?? null],
  ['latency_ms', 'int', (r) => r.latencyMs],
  ['success', 'boolean', (r) => r.success],
  ['metadata', 'jsonb', (r) => json(r.metadata)],
  ['reservation_id', 'text', (r) => r.reservationId],
  ['actor', 'text', (r) => r.actor],
  ['ledger_transaction_id', 'uuid', (r) => r.ledgerTransactionId],
];
