import type Decimal from 'decimal.js';
import type { UsageCategory } from '@tollgate/core';

/** A call about to be made, as the application estimates it. */
export interface AuthorizeUsageInput {
  provider?: string | null;
  model?: string | null;
  estimatedInputTokens?: number | null;
  estimatedOutputTokens?: number | null;
  /** A cost the caller already knows; otherwise priced from the model and token estimates. */
  estimatedCost?: Decimal | null;
  /** Currency of estimatedCost; the credit's by default. */
  currency?: string | null;
  credits?: Decimal | null;
  projectId?: string | null;
  userId?: string | null;
  feature?: string | null;
  category?: UsageCategory | null;
  tags?: ReadonlyArray<{ key: string; value: string }> | null;
  /** How long the reservation holds if no usage settles it; 120 s by default, 1 to 3600. */
  ttlSeconds?: number | null;
}

export interface BudgetRemainingView {
  budgetId: string;
  name: string;
  cost: Decimal | null;
  credits: Decimal | null;
  tokens: number | null;
  requests: number | null;
}

export interface AuthorizationResult {
  allowed: boolean;
  /** ENFORCEMENT_UNAVAILABLE: Redis or PostgreSQL could not be reached, so the call is denied rather than allowed unchecked. */
  code: 'BUDGET_EXCEEDED' | 'QUOTA_EXCEEDED' | 'RATE_LIMITED' | 'ENFORCEMENT_UNAVAILABLE' | null;
  message: string;
  reservationId: string | null;
  expiresAt: Date | null;
  estimatedCost: Decimal;
  currency: string;
  estimatedCredits: Decimal;
  remaining: BudgetRemainingView[];
  warnings: string[];
  retryAfterSeconds: number | null;
}
