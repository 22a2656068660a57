import type { BudgetScope } from '@tollgate/core';

const COLUMNS: Array<[keyof Omit<BudgetScope, 'tags'>, string]> = [
  ['projectId', 'project_id'],
  ['userId', 'user_id'],
  ['provider', 'provider'],
  ['model', 'model'],
  ['category', 'category'],
  ['feature', 'feature'],
];

/**
 * SQL conditions on usage_events for the fields of a scope that are set,
 * their values appended to `params`; tags must all be present.
 */
export function scopeConditions(scope: BudgetScope, params: unknown[]): string[] {
  const conditions: string[] = [];
  for (const [field, column] of COLUMNS) {
    const value = scope[field];
    if (value != null) conditions.push(`${column} = $${params.push(value)}`);
  }
  if (scope.tags && Object.keys(scope.tags).length) conditions.push(`tags @> $${params.push(JSON.stringify(scope.tags))}::jsonb`);
  return conditions;
}
