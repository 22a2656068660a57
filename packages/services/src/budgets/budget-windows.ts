import { periodWindow, type PeriodWindow } from '@tollgate/core';
import type { BudgetRow } from '@tollgate/db';

/**
 * The window a budget counts in at `at`: its period in the org's zone, started
 * later when the budget was reset during it. Null outside a CUSTOM period.
 */
export function effectiveWindow(budget: BudgetRow, timezone: string, at: Date): PeriodWindow | null {
  const custom = budget.customStart && budget.customEnd ? { start: budget.customStart, end: budget.customEnd } : null;
  const window = periodWindow(budget.period, at, timezone, custom);
  if (!window) return null;
  if (budget.resetAt && budget.resetAt > window.start && budget.resetAt <= at) return { start: budget.resetAt, end: window.end };
  return window;
}

/** Whether the budget's suspension still holds at `at` (it lifts with a new period or a reset). */
export function isSuspended(budget: BudgetRow, timezone: string, at: Date): boolean {
  if (!budget.suspendedAt) return false;
  const window = effectiveWindow(budget, timezone, at);
  return window !== null && budget.suspendedAt >= window.start;
}
