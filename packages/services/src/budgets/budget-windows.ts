import { periodWindow, type Period, type PeriodWindow } from '@tollgate/core';
import type { BudgetRow } from '@tollgate/db';

const current = new Map<string, PeriodWindow>();

/**
 * periodWindow, remembered per period and zone until the window ends: time
 * zone arithmetic is the costliest step of an authorization otherwise, and
 * every budget of a kind shares one window.
 */
export function cachedPeriodWindow(period: Period, at: Date, timezone: string): PeriodWindow | null {
  const key = `${period}|${timezone}`;
  const hit = current.get(key);
  if (hit && hit.start <= at && (hit.end === null || at < hit.end)) return hit;
  const window = periodWindow(period, at, timezone);
  if (window) {
    if (current.size > 10_000) current.clear();
    current.set(key, window);
  }
  return window;
}

/**
 * The window a budget counts in at `at`: its period in the org's zone, started
 * later when the budget was reset during it. Null outside a CUSTOM period.
 */
export function effectiveWindow(budget: BudgetRow, timezone: string, at: Date): PeriodWindow | null {
  const window =
    budget.period === 'CUSTOM'
      ? periodWindow('CUSTOM', at, timezone, budget.customStart && budget.customEnd ? { start: budget.customStart, end: budget.customEnd } : null)
      : cachedPeriodWindow(budget.period, at, timezone);
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
