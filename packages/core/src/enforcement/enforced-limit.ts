import type Decimal from 'decimal.js';
import type { BudgetScope } from '../budgets/budget-scope';
import type { PeriodWindow } from '../periods/period';

/** How a counter enforces: BLOCK refuses past the limit, THROTTLE rate-limits near it, PASS only counts. */
export type CounterMode = 'BLOCK' | 'THROTTLE' | 'PASS';

/** A limit action as budgets state it. */
export type LimitAction = 'WARN' | 'BLOCK' | 'THROTTLE' | 'NOTIFY';

/** What a limit caps, per measure; null = not capped. */
export interface MeasureCaps {
  cost: Decimal | null;
  credits: Decimal | null;
  tokens: number | null;
  requests: number | null;
}

/**
 * One limit that a call is checked against: a budget or a quota's credit
 * allowance, with the window it counts in at the moment of the call. Budgets
 * and quotas differ only in how they are made and how a denial is named.
 */
export interface EnforcedLimit {
  kind: 'BUDGET' | 'QUOTA';
  orgId: string;
  id: string;
  name: string;
  scope: BudgetScope;
  window: PeriodWindow;
  /** Cost counts in this currency only. */
  currency: string;
  caps: MeasureCaps;
  mode: CounterMode;
  warningPercent: number;
  throttlePerMinute: number | null;
  /**
   * Changes whenever what the limit counts changes (scope, reset): part of
   * its counter's identity, so a changed limit starts a counter rebuilt from
   * the truth rather than inheriting one that counted something else.
   */
  version: number;
}

/** The counter mode of a budget action: WARN and NOTIFY allow and alert, so they only count. */
export function counterModeOf(action: LimitAction): CounterMode {
  if (action === 'BLOCK') return 'BLOCK';
  if (action === 'THROTTLE') return 'THROTTLE';
  return 'PASS';
}
