import { selectInForce, type Versioned } from '../versions';

/** The rate-card version in force at `at`, or `null`. */
export const selectPriceInForce = selectInForce;

/**
 * The price that applies to an org at `at`: its own override first, the
 * public catalog otherwise, `null` when neither has a version in force.
 */
export function resolvePriceInForce<T extends Versioned>(orgOverrides: readonly T[], catalog: readonly T[], at: Date): T | null {
  return selectInForce(orgOverrides, at) ?? selectInForce(catalog, at);
}
