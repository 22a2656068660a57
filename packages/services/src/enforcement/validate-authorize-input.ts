import { badInput, isCurrencyCode } from '@tollgate/core';
import { checkText, checkUsageAttributes } from '../validation/usage-attributes';
import type { AuthorizeUsageInput } from './authorize-usage.input';

const MAX_ESTIMATED_TOKENS = 500_000_000_000;

const invalid = (message: string, field: string) => badInput(message, 'INVALID_AUTHORIZATION', { field });

/**
 * Throws BAD_USER_INPUT for a call that cannot be authorized as asked, before
 * any work: the caller's mistake fails its own call and nothing else.
 */
export function validateAuthorizeInput(input: AuthorizeUsageInput): void {
  for (const field of ['provider', 'model', 'userId', 'feature'] as const) checkText(input[field], field, 200, invalid);
  checkUsageAttributes(input, invalid);
  for (const field of ['estimatedInputTokens', 'estimatedOutputTokens'] as const) {
    const value = input[field];
    if (value != null && (!Number.isSafeInteger(value) || value < 0 || value > MAX_ESTIMATED_TOKENS)) {
      throw invalid(`${field} must be a whole number from 0 to ${MAX_ESTIMATED_TOKENS}`, field);
    }
  }
  for (const field of ['estimatedCost', 'credits'] as const) {
    const value = input[field];
    if (value != null && (!value.isFinite() || value.isNegative())) throw invalid(`${field} must be a decimal ≥ 0`, field);
  }
  if (input.currency != null && !isCurrencyCode(input.currency)) throw invalid(`currency "${input.currency}" is not an ISO 4217 code`, 'currency');
  if (input.currency != null && input.estimatedCost == null) throw invalid('currency goes with estimatedCost', 'currency');
  const ttl = input.ttlSeconds;
  if (ttl != null && (!Number.isInteger(ttl) || ttl < 1 || ttl > 3600)) throw badInput('ttlSeconds must be 1 to 3600', 'INVALID_TTL', { field: 'ttlSeconds' });
}
