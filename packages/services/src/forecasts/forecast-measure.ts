import { Dec, roundToMinorUnit, type UsageMeasure } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { BudgetRow } from '@tollgate/db';
import type { ForecastMeasure } from './forecast-view';

/** The measure a budget is forecast on: the first it limits, money first. */
export function budgetMeasure(budget: BudgetRow): { measure: ForecastMeasure; limit: Decimal } | null {
  if (budget.costLimit) return { measure: 'COST', limit: budget.costLimit };
  if (budget.creditLimit) return { measure: 'CREDITS', limit: budget.creditLimit };
  if (budget.tokenLimit !== null) return { measure: 'TOKENS', limit: new Dec(budget.tokenLimit) };
  if (budget.requestLimit !== null) return { measure: 'REQUESTS', limit: new Dec(budget.requestLimit) };
  return null;
}

export function measureOf(usage: UsageMeasure, measure: ForecastMeasure): Decimal {
  switch (measure) {
    case 'COST':
      return usage.cost;
    case 'CREDITS':
      return usage.credits;
    case 'TOKENS':
      return new Dec(usage.tokens);
    case 'REQUESTS':
      return new Dec(usage.requests);
  }
}

/** An estimate at the precision it is worth: money to the minor unit, credits to 1/100, counts whole. */
export function roundEstimate(value: number | Decimal, measure: ForecastMeasure, currency: string | null): Decimal {
  const amount = new Dec(typeof value === 'number' ? value.toPrecision(15) : value);
  if (measure === 'COST') return roundToMinorUnit(amount, currency ?? 'USD');
  return amount.toDecimalPlaces(measure === 'CREDITS' ? 2 : 0, Dec.ROUND_HALF_UP);
}
