import { badInput, isCurrencyCode, MAX_CAP, PERIODS } from '@tollgate/core';
import type { BudgetRow } from '@tollgate/db';

const ACTIONS = ['WARN', 'BLOCK', 'THROTTLE', 'NOTIFY'];

/** Throws BAD_USER_INPUT for a budget that cannot be enforced as described. */
export function validateBudget(budget: Omit<BudgetRow, 'createdAt' | 'updatedAt' | 'suspendedAt' | 'resetAt'>): void {
  const invalid = (message: string, field: string) => badInput(message, 'INVALID_BUDGET', { field });
  if (!budget.name.trim() || budget.name.length > 200) throw invalid('name must be 1 to 200 characters', 'name');
  if (!PERIODS.includes(budget.period)) throw invalid(`unknown period ${budget.period}`, 'period');
  if (budget.period === 'CUSTOM' && !(budget.customStart && budget.customEnd && budget.customStart < budget.customEnd)) {
    throw invalid('a CUSTOM period needs customStart before customEnd', 'customStart');
  }
  if (!isCurrencyCode(budget.currency)) throw invalid(`currency "${budget.currency}" is not supported`, 'currency');
  const limits = [budget.costLimit, budget.creditLimit, budget.tokenLimit, budget.requestLimit];
  if (limits.every((l) => l === null)) throw invalid('set at least one of costLimit, creditLimit, tokenLimit, requestLimit', 'costLimit');
  for (const [value, field] of [
    [budget.costLimit, 'costLimit'],
    [budget.creditLimit, 'creditLimit'],
  ] as const) {
    if (value && (value.isNegative() || value.greaterThan(MAX_CAP.money))) throw invalid(`${field} must be from 0 to ${MAX_CAP.money.toFixed()}`, field);
  }
  for (const [value, field] of [
    [budget.tokenLimit, 'tokenLimit'],
    [budget.requestLimit, 'requestLimit'],
  ] as const) {
    if (value !== null && (!Number.isSafeInteger(value) || value < 0 || value > MAX_CAP.count)) throw invalid(`${field} must be a whole number from 0 to ${MAX_CAP.count}`, field);
  }
  if (budget.thresholds.length === 0 || budget.thresholds.length > 20 || budget.thresholds.some((t) => !(t > 0 && t <= 1000))) {
    throw invalid('thresholds are 1 to 20 percents above 0 and at most 1000', 'thresholds');
  }
  if (!(budget.warningPercent > 0 && budget.warningPercent <= budget.criticalPercent && budget.criticalPercent <= 100)) {
    throw invalid('0 < warningPercent ≤ criticalPercent ≤ 100', 'warningPercent');
  }
  if (!ACTIONS.includes(budget.action)) throw invalid(`unknown action ${budget.action}`, 'action');
  if (budget.action === 'THROTTLE' && !(budget.throttlePerMinute && budget.throttlePerMinute > 0)) {
    throw invalid('THROTTLE needs throttlePerMinute above 0', 'throttlePerMinute');
  }
}
