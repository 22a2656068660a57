/** The codes every caller sees in GraphQL `extensions.code`; the one list. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'BUDGET_EXCEEDED',
  'QUOTA_EXCEEDED',
  'RATE_LIMITED',
  'CONFLICT',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
