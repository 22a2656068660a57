import { DomainError } from '@tollgate/core';
import { checkText as checkTextOf, checkUsageAttributes } from '../validation/usage-attributes';
import type { UsageInput } from './usage.input';

const MAX_FUTURE_MS = 5 * 60 * 1000;
const MAX_METADATA_BYTES = 8 * 1024;
const MAX_COUNT = 2_000_000_000;

const invalid = (message: string, field: string) => new DomainError('BAD_USER_INPUT', message, { reason: 'INVALID_USAGE', details: { field } });

const checkText = (value: string | null | undefined, field: string, max: number) => checkTextOf(value, field, max, invalid);

/** Throws BAD_USER_INPUT for an event that can never be stored, whatever the prices. */
export function validateUsageInput(input: UsageInput, now: Date): void {
  checkText(input.idempotencyKey, 'idempotencyKey', 200);
  for (const field of ['provider', 'model', 'userId', 'sessionId', 'feature', 'unit', 'reservationId', 'imageSize', 'imageQuality'] as const) {
    checkText(input[field], field, 200);
  }
  if (input.occurredAt && input.occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    throw invalid(`occurredAt ${input.occurredAt.toISOString()} is in the future`, 'occurredAt');
  }
  checkUsageAttributes(input, invalid);
  for (const field of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens', 'embeddingTokens', 'imageCount'] as const) {
    const value = input[field];
    if (value != null && (!Number.isSafeInteger(value) || value < 0 || value > MAX_COUNT)) throw invalid(`${field} must be a whole number from 0 to ${MAX_COUNT}`, field);
  }
  if (input.latencyMs != null && (!Number.isSafeInteger(input.latencyMs) || input.latencyMs < 0)) throw invalid('latencyMs must be a whole number ≥ 0', 'latencyMs');
  if (input.units?.isNegative()) throw invalid('units must not be negative', 'units');
  if (input.costOverride?.isNegative()) throw invalid('costOverride must not be negative', 'costOverride');
  if (input.metadata !== undefined && input.metadata !== null && Buffer.byteLength(JSON.stringify(input.metadata)) > MAX_METADATA_BYTES) {
    throw invalid(`metadata must be at most ${MAX_METADATA_BYTES} bytes of JSON`, 'metadata');
  }
}
