import type Decimal from 'decimal.js';
import { DomainError } from '../errors';
import { ZERO } from '../money';
import type { ModelPrice } from './model-price';

export const DEFAULT_IMAGE_QUALITY = 'standard';

/** Cost of `count` images of a size and quality; the size must be on the model's card. */
export function priceImages(price: ModelPrice, count: number, size: string | null, quality: string | null): Decimal {
  if (count === 0) return ZERO;
  const wantedQuality = (quality ?? DEFAULT_IMAGE_QUALITY).toLowerCase();
  const match = price.images.find(
    (image) => image.size === size && image.quality.toLowerCase() === wantedQuality,
  );
  if (!match) {
    const offered = price.images.map((image) => `${image.size}/${image.quality}`).join(', ') || 'none';
    throw new DomainError(
      'BAD_USER_INPUT',
      `${price.provider}/${price.model} has no image price for size ${size ?? '(none)'} and quality ${wantedQuality}; offered: ${offered}`,
      { reason: 'NO_PRICE_FOR_QUANTITY', details: { field: 'imageSize' } },
    );
  }
  return match.perImage.times(count);
}
