import { PERIODS } from '@tollgate/core';
import { graphqlEnum } from '../schema/graphql-enum';

export const PeriodEnum = graphqlEnum(
  'Period',
  PERIODS,
  "When a budget starts over, in the organization's time zone: weeks from Monday, calendar months; TOTAL never; CUSTOM between customStart and customEnd.",
);

export const LimitActionEnum = graphqlEnum(
  'LimitAction',
  ['WARN', 'BLOCK', 'THROTTLE', 'NOTIFY'] as const,
  'At the limit: WARN allows and alerts, BLOCK denies, THROTTLE allows throttlePerMinute calls a minute past the warning level, NOTIFY only alerts.',
);

export const BudgetStatusEnum = graphqlEnum('BudgetStatus', ['OK', 'WARNING', 'CRITICAL', 'EXCEEDED', 'SUSPENDED'] as const, 'Where a budget stands in its current period.');

export type PeriodEnum = (typeof PeriodEnum)[keyof typeof PeriodEnum];
export type LimitActionEnum = (typeof LimitActionEnum)[keyof typeof LimitActionEnum];
export type BudgetStatusEnum = (typeof BudgetStatusEnum)[keyof typeof BudgetStatusEnum];
