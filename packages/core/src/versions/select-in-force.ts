/** Anything versioned by a validity range: from inclusive, to exclusive (`null`/absent = open). */
export interface Versioned {
  effectiveFrom: Date;
  effectiveTo?: Date | null;
}

/** True when the version covers instant `at`. */
export const isInForce = (version: Versioned, at: Date): boolean =>
  version.effectiveFrom.getTime() <= at.getTime() && (version.effectiveTo == null || at.getTime() < version.effectiveTo.getTime());

/** The version in force at `at` (the latest `effectiveFrom` that covers it), or `null`. */
export function selectInForce<T extends Versioned>(versions: readonly T[], at: Date): T | null {
  let chosen: T | null = null;
  for (const version of versions) {
    if (isInForce(version, at) && (!chosen || version.effectiveFrom > chosen.effectiveFrom)) chosen = version;
  }
  return chosen;
}
