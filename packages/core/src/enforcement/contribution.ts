import { scopeMatches, type UsageAttributes } from '../budgets/budget-scope';
import type { UsageMeasure } from '../budgets/budget-status';
import type Decimal from 'decimal.js';
import type { EnforcedLimit } from './enforced-limit';

/** A recorded event as enforcement sees it. */
export interface CountedUsage extends UsageAttributes {
  occurredAt: Date;
  currency: string;
  cost: Decimal;
  credits: Decimal;
  /** Every token the event counts against token limits. */
  tokens: number;
}

/** Whether a limit counts an event: in its scope and inside its window. */
export function limitCounts(limit: EnforcedLimit, usage: CountedUsage): boolean {
  const { start, end } = limit.window;
  return usage.occurredAt >= start && (end === null || usage.occurredAt < end) && scopeMatches(limit.scope, usage);
}

/** What an event adds to a limit's counter: cost only in the limit's currency, always one request. */
export function contributionOf(limit: EnforcedLimit, usage: CountedUsage): UsageMeasure {
  return {
    cost: usage.currency === limit.currency ? usage.cost : usage.cost.times(0),
    credits: usage.credits,
    tokens: usage.tokens,
    requests: 1,
  };
}

/** The sum of two measures. */
export function addMeasures(a: UsageMeasure, b: UsageMeasure): UsageMeasure {
  return { cost: a.cost.plus(b.cost), credits: a.credits.plus(b.credits), tokens: a.tokens + b.tokens, requests: a.requests + b.requests };
}
