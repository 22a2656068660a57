import type Decimal from 'decimal.js';
import type { CurrencyCode } from '../money';

/** Cost of one usage event by component, at full precision (never rounded here). */
export interface CostBreakdown {
  input: Decimal;
  output: Decimal;
  cacheRead: Decimal;
  cacheWrite: Decimal;
  image: Decimal;
  embedding: Decimal;
  request: Decimal;
  duration: Decimal;
  total: Decimal;
  currency: CurrencyCode;
  /** The long-context tier applied, if any (its `aboveInputTokens`). */
  longContextAbove: number | null;
}
