import type Decimal from 'decimal.js';
import { badInput, type ModelPrice } from '@tollgate/core';

const PROVIDER = /^([a-z0-9][a-z0-9._-]{0,63}|\*)$/;

const UNIT_PRICES = [
  'inputPerMTok',
  'outputPerMTok',
  'cacheReadPerMTok',
  'cacheWrite5mPerMTok',
  'cacheWrite1hPerMTok',
  'embeddingPerMTok',
  'perRequest',
  'perSecond',
] as const;

function assertPrice(value: Decimal | null, field: string): void {
  if (value === null) return;
  if (value.isNegative()) throw badInput(`${field} must not be negative`, 'INVALID_PRICE', { field });
  if (value.decimalPlaces() > 12) throw badInput(`${field} has more than 12 decimal places`, 'INVALID_PRICE', { field });
  if (value.greaterThanOrEqualTo('1e26')) throw badInput(`${field} is too large`, 'INVALID_PRICE', { field });
}

/** Throws BAD_USER_INPUT for a rate-card version that could not price anything or is malformed. */
export function validateModelPrice(price: ModelPrice): void {
  if (!PROVIDER.test(price.provider)) {
    throw badInput('provider must be lower-case letters, digits, ".", "_" or "-" (or "*" for a fallback price)', 'INVALID_PROVIDER', { field: 'provider' });
  }
  if (price.provider === '*' && price.model !== '*') {
    throw badInput('a fallback for every provider must have model "*"', 'INVALID_MODEL', { field: 'model' });
  }
  if (!price.model.trim() || price.model.length > 200) throw badInput('model must be 1 to 200 characters', 'INVALID_MODEL', { field: 'model' });
  if (price.effectiveTo && price.effectiveTo <= price.effectiveFrom) {
    throw badInput('effectiveTo must be after effectiveFrom', 'INVALID_PERIOD', { field: 'effectiveTo' });
  }
  UNIT_PRICES.forEach((field) => assertPrice(price[field], field));
  const offered = UNIT_PRICES.some((field) => price[field] !== null) || price.images.length > 0;
  if (!offered) throw badInput('A price version must set at least one price', 'EMPTY_PRICE');

  const thresholds = new Set<number>();
  for (const tier of price.longContextTiers) {
    if (!Number.isSafeInteger(tier.aboveInputTokens) || tier.aboveInputTokens <= 0 || thresholds.has(tier.aboveInputTokens)) {
      throw badInput('longContextTiers need distinct positive whole aboveInputTokens', 'INVALID_TIER', { field: 'longContextTiers' });
    }
    thresholds.add(tier.aboveInputTokens);
    UNIT_PRICES.slice(0, 5).forEach((field) => assertPrice(tier[field as keyof typeof tier] as Decimal | null, `longContextTiers.${field}`));
  }
  const sizes = new Set<string>();
  for (const image of price.images) {
    const key = `${image.size}/${image.quality.toLowerCase()}`;
    if (!image.size || sizes.has(key)) throw badInput(`images repeat or omit a size: ${key}`, 'INVALID_IMAGE_PRICE', { field: 'images' });
    sizes.add(key);
    assertPrice(image.perImage, 'images.perImage');
  }
}
