import { badInput } from '../errors';
import { usageCountFields, type UsageQuantities } from './usage-quantities';

const MAX_COUNT = 1e12;

/** Throws BAD_USER_INPUT unless every count is a whole number in range and the duration is not negative. */
export function validateUsageQuantities(quantities: UsageQuantities): void {
  for (const field of usageCountFields()) {
    const value = quantities[field];
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_COUNT) {
      throw badInput(`${field} must be a whole number from 0 to ${MAX_COUNT}, got ${value}`, 'INVALID_QUANTITY', {
        field,
      });
    }
  }
  if (quantities.durationSeconds.isNegative() || !quantities.durationSeconds.isFinite()) {
    throw badInput('durationSeconds must not be negative', 'INVALID_QUANTITY', { field: 'durationSeconds' });
  }
}
