/** What a usage event is for; reports and budgets can filter on it. */
export const USAGE_CATEGORIES = [
  'LLM_INFERENCE',
  'LLM_EMBEDDING',
  'IMAGE_GENERATION',
  'COMPUTE',
  'STORAGE',
  'NETWORK',
  'API_CALLS',
  'OTHER',
] as const;

export type UsageCategory = (typeof USAGE_CATEGORIES)[number];
