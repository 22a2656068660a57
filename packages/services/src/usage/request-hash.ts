import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';

function canonical(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Decimal.isDecimal(value)) return { $decimal: (value as Decimal).toFixed() };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])])
        .filter(([, v]) => v !== null),
    );
  }
  return value;
}

/**
 * SHA-256 of the input in canonical form (sorted keys, absent = null, decimals
 * by value), so a retry of the same request hashes the same and any change to
 * it does not.
 */
export const requestHash = (input: unknown): string => createHash('sha256').update(JSON.stringify(canonical(input))).digest('hex');
