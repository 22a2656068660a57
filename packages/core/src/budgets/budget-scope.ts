/** What a budget covers: every field set must match; nothing set means the whole org. */
export interface BudgetScope {
  projectId?: string | null;
  userId?: string | null;
  provider?: string | null;
  model?: string | null;
  category?: string | null;
  feature?: string | null;
  tags?: Readonly<Record<string, string>> | null;
}

/** The attributes of a call or usage event that scopes are matched against: the same fields, set or not. */
export type UsageAttributes = BudgetScope;

const FIELDS = ['projectId', 'userId', 'provider', 'model', 'category', 'feature'] as const;

/** True when the usage falls inside the scope. */
export function scopeMatches(scope: BudgetScope, usage: UsageAttributes): boolean {
  for (const field of FIELDS) {
    const wanted = scope[field];
    if (wanted != null && usage[field] !== wanted) return false;
  }
  for (const [key, value] of Object.entries(scope.tags ?? {})) {
    if (usage.tags?.[key] !== value) return false;
  }
  return true;
}
