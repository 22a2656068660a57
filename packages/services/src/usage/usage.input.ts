import type Decimal from 'decimal.js';
import type { PartialUsageQuantities, UsageCategory } from '@tollgate/core';

/** One usage event as a caller reports it. */
export interface UsageInput extends PartialUsageQuantities {
  idempotencyKey: string;
  occurredAt?: Date | null;
  provider?: string | null;
  model?: string | null;
  projectId?: string | null;
  userId?: string | null;
  sessionId?: string | null;
  feature?: string | null;
  category?: UsageCategory | null;
  tags?: ReadonlyArray<{ key: string; value: string }> | null;
  units?: Decimal | null;
  unit?: string | null;
  costOverride?: Decimal | null;
  currency?: string | null;
  latencyMs?: number | null;
  success?: boolean | null;
  metadata?: unknown;
  reservationId?: string | null;
}

export type UsageStatus = 'CREATED' | 'DUPLICATE' | 'REJECTED';

/** What became of one event of a call: its stored result, or why it was refused. */
export interface UsageResult {
  index: number;
  idempotencyKey: string;
  status: UsageStatus;
  eventId: string | null;
  cost: Decimal | null;
  currency: string | null;
  credits: Decimal | null;
  /** For REJECTED: the error code (BAD_USER_INPUT, NOT_FOUND, CONFLICT) and why. */
  code: string | null;
  reason: string | null;
  message: string | null;
}

export const MAX_BATCH_SIZE = 5_000;
