import type { ModelPrice } from './model-price';

/** True when the version covers instant `at`: from inclusive, to exclusive. */
export const isInForce = (price: Pick<ModelPrice, 'effectiveFrom' | 'effectiveTo'>, at: Date): boolean =>
  price.effectiveFrom.getTime() <= at.getTime() && (price.effectiveTo === null || at.getTime() < price.effectiveTo.getTime());

/** The version in force at `at` (the latest `effectiveFrom` that covers it), or `null`. */
export function selectPriceInForce<T extends Pick<ModelPrice, 'effectiveFrom' | 'effectiveTo'>>(
  versions: readonly T[],
  at: Date,
): T | null {
  let chosen: T | null = null;
  for (const version of versions) {
    if (isInForce(version, at) && (!chosen || version.effectiveFrom > chosen.effectiveFrom)) chosen = version;
  }
  return chosen;
}

/**
 * The price that applies to an org at `at`: its own override first, the
 * public catalog otherwise, `null` when neither has a version in force.
 */
export function resolvePriceInForce<T extends Pick<ModelPrice, 'effectiveFrom' | 'effectiveTo'>>(
  orgOverrides: readonly T[],
  catalog: readonly T[],
  at: Date,
): T | null {
  return selectPriceInForce(orgOverrides, at) ?? selectPriceInForce(catalog, at);
}
