import { badInput, USAGE_CATEGORIES } from '@tollgate/core';
import type { AuthorizeUsageInput } from './authorize-usage.input';

const MAX_ESTIMATED_TOKENS = 500_000_000_000;
const MAX_TAGS = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalid = (message: string, field: string) => badInput(message, 'INVALID_AUTHORIZATION', { field });

function checkText(value: string | null | undefined, field: string, max: number): void {
  if (value == null) return;
  if (value.length === 0 || value.length > max) throw invalid(`${field} must be 1 to ${max} characters`, field);
  if (value.includes('\u0000')) throw invalid(`${field} must not contain NUL characters`, field);
}

/**
 * Throws BAD_USER_INPUT for a call that cannot be authorized as asked, before
 * any work: the caller's mistake fails its own call and nothing else.
 */
export function validateAuthorizeInput(input: AuthorizeUsageInput): void {
  for (const field of ['provider', 'model', 'userId', 'feature'] as const) checkText(input[field], field, 200);
  if (input.projectId != null && !UUID.test(input.projectId)) throw invalid('projectId must be a project id', 'projectId');
  if (input.category != null && !USAGE_CATEGORIES.includes(input.category)) throw invalid(`unknown category ${input.category}`, 'category');
  if ((input.provider == null) !== (input.model == null)) throw invalid('provider and model go together', input.provider == null ? 'provider' : 'model');
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
  const ttl = input.ttlSeconds;
  if (ttl != null && (!Number.isInteger(ttl) || ttl < 1 || ttl > 3600)) throw badInput('ttlSeconds must be 1 to 3600', 'INVALID_TTL', { field: 'ttlSeconds' });
  const tags = input.tags ?? [];
  if (tags.length > MAX_TAGS) throw invalid(`at most ${MAX_TAGS} tags`, 'tags');
  const keys = new Set<string>();
  for (const tag of tags) {
    checkText(tag.key, 'tags.key', 100);
    checkText(tag.value, 'tags.value', 200);
    if (keys.has(tag.key)) throw invalid(`tag ${tag.key} given twice`, 'tags');
    keys.add(tag.key);
  }
}
