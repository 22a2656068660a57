/** Hours in the trailing level: one whole day, so every phase of the daily shape is in it. */
export const LEVEL_HOURS = 24;

/** First index of an ascending array whose value is >= target. */
function lowerBound(sorted: Float64Array, target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * levels[j] = median of the 24 hours before hour j of `y`, i.e. the level of the day
 * before it, for j = 0 .. y.length (the last is the level before the hour being tested);
 * `leadIn` holds the 24 hours before y[0]. A median over a day ignores a few spiked or idle
 * hours, yet moves to a lasting new level once half the day has it. Kept as a sorted
 * sliding window: O(24) per hour.
 */
export function trailingLevels(leadIn: Float64Array, y: Float64Array): Float64Array {
  const levels = new Float64Array(y.length + 1);
  const sorted = leadIn.slice().sort();
  const middle = LEVEL_HOURS / 2;
  levels[0] = (sorted[middle - 1]! + sorted[middle]!) / 2;
  for (let j = 1; j <= y.length; j++) {
    const leaving = j - 1 < LEVEL_HOURS ? leadIn[j - 1]! : y[j - 1 - LEVEL_HOURS]!;
    const entering = y[j - 1]!;
    // Overwrite the hour leaving the window with the one entering it, then move it into order.
    let i = lowerBound(sorted, leaving);
    for (; i > 0 && sorted[i - 1]! > entering; i--) sorted[i] = sorted[i - 1]!;
    for (; i < LEVEL_HOURS - 1 && sorted[i + 1]! < entering; i++) sorted[i] = sorted[i + 1]!;
    sorted[i] = entering;
    levels[j] = (sorted[middle - 1]! + sorted[middle]!) / 2;
  }
  return levels;
}

/** Trailing levels of `y` and each hour's deviation from its level. */
export interface LevelDeviations {
  levels: Float64Array;
  deviations: Float64Array;
}

/**
 * Each hour's log spend minus its trailing level. With a `profile` (indexed by phase, the
 * window starting at phase 0 and the lead-in ending at the last phase) the levels are
 * medians of the values with the seasonal shape removed, which are steadier than medians
 * of a raw day of peaks and troughs.
 */
export function levelDeviations(leadIn: Float64Array, y: Float64Array, profile: Float64Array | null): LevelDeviations {
  let levels: Float64Array;
  if (profile === null) levels = trailingLevels(leadIn, y);
  else {
    const period = profile.length;
    const flatLead = new Float64Array(LEVEL_HOURS);
    for (let i = 0; i < LEVEL_HOURS; i++) flatLead[i] = leadIn[i]! - profile[period - LEVEL_HOURS + i]!;
    const flat = new Float64Array(y.length);
    for (let j = 0; j < y.length; j++) flat[j] = y[j]! - profile[j % period]!;
    levels = trailingLevels(flatLead, flat);
  }
  const deviations = new Float64Array(y.length);
  for (let j = 0; j < y.length; j++) deviations[j] = y[j]! - levels[j]!;
  return { levels, deviations };
}
