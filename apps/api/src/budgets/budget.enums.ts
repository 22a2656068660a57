import { PERIODS, type Period } from '@tollgate/core';
import { registerEnumType } from 'type-graphql';

export const PeriodEnum = Object.fromEntries(PERIODS.map((p) => [p, p])) as { [P in Period]: P };
registerEnumType(PeriodEnum, {
  name: 'Period',
  description: "When a budget starts over, in the organization's time zone: weeks from Monday, calendar months; TOTAL never; CUSTOM between customStart and customEnd.",
});

export enum LimitActionEnum {
  WARN = 'WARN',
  BLOCK = 'BLOCK',
  THROTTLE = 'THROTTLE',
  NOTIFY = 'NOTIFY',
}
registerEnumType(LimitActionEnum, {
  name: 'LimitAction',
  description: 'At the limit: WARN allows and alerts, BLOCK denies, THROTTLE allows throttlePerMinute calls a minute past the warning level, NOTIFY only alerts.',
});

export enum BudgetStatusEnum {
  OK = 'OK',
  WARNING = 'WARNING',
  CRITICAL = 'CRITICAL',
  EXCEEDED = 'EXCEEDED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(BudgetStatusEnum, { name: 'BudgetStatus', description: 'Where a budget stands in its current period.' });
