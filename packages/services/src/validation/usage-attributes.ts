import { USAGE_CATEGORIES, type DomainError, type UsageCategory } from '@tollgate/core';

/** Makes the error a validator throws, naming the field. */
export type Invalid = (message: string, field: string) => DomainError;

const MAX_TAGS = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A string, when given, is 1 to `max` characters and free of NUL (PostgreSQL refuses it in text). */
export function checkText(value: string | null | undefined, field: string, max: number, invalid: Invalid): void {
  if (value == null) return;
  if (value.length === 0 || value.length > max) throw invalid(`${field} must be 1 to ${max} characters`, field);
  if (value.includes('\u0000')) throw invalid(`${field} must not contain NUL characters`, field);
}

/** What a call and an event are scoped by: a project id, a known category, provider with model, up to 32 distinct tags. */
export function checkUsageAttributes(
  input: { provider?: string | null; model?: string | null; projectId?: string | null; category?: UsageCategory | null; tags?: ReadonlyArray<{ key: string; value: string }> | null },
  invalid: Invalid,
): void {
  if (input.projectId != null && !UUID.test(input.projectId)) throw invalid('projectId must be a project id', 'projectId');
  if (input.category != null && !USAGE_CATEGORIES.includes(input.category)) throw invalid(`unknown category ${input.category}`, 'category');
  if ((input.provider == null) !== (input.model == null)) throw invalid('provider and model go together', input.provider == null ? 'provider' : 'model');
  const tags = input.tags ?? [];
  if (tags.length > MAX_TAGS) throw invalid(`at most ${MAX_TAGS} tags`, 'tags');
  const keys = new Set<string>();
  for (const tag of tags) {
    checkText(tag.key, 'tags.key', 100, invalid);
    checkText(tag.value, 'tags.value', 200, invalid);
    if (keys.has(tag.key)) throw invalid(`tag ${tag.key} given twice`, 'tags');
    keys.add(tag.key);
  }
}
