/** Hours in the trailing level: one whole day, so every phase of the daily shape is in it. */
export const LEVEL_HOURS = 24;

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
    let i = 0;
    while (sorted[i] !== leaving) i++;
    for (; i > 0 && sorted[i - 1]! > entering; i--) sorted[i] = sorted[i - 1]!;
    for (; i < LEVEL_HOURS - 1 && sorted[i + 1]! < entering; i++) sorted[i] = sorted[i + 1]!;
    sorted[i] = entering;
    levels[j] = (sorted[middle - 1]! + sorted[middle]!) / 2;
  }
  return levels;
}
