import { SeededRandom } from '../random/seeded-random';
import { scanSeries } from './scan-series';
import { syntheticSeries, type SyntheticSeries } from './synthetic-series.fixture';

const WINDOW_HOURS = 672;
const SERIES = 60;
/** A level shift counts as detected when flagged within its first 6 hours... */
const SHIFT_DETECTION_HOURS = 6;
/** ...and flags within its first day are correct. */
const SHIFT_LABEL_HOURS = 24;

interface Tally {
  flagged: number;
  correct: number;
  spikes: number;
  spikesDetected: number;
  shifts: number;
  shiftsDetected: number;
}

function tally(series: SyntheticSeries, flagged: (hour: number) => boolean, into: Tally): void {
  const labelled = new Set<number>();
  for (const spike of series.spikes) for (let h = spike.start; h < spike.start + spike.hours; h++) labelled.add(h);
  const { shift } = series;
  if (shift !== null) for (let h = shift.onset; h < shift.onset + SHIFT_LABEL_HOURS; h++) labelled.add(h);

  for (let hour = WINDOW_HOURS; hour < series.values.length; hour++) {
    if (!flagged(hour)) continue;
    into.flagged++;
    if (labelled.has(hour)) into.correct++;
  }
  for (const spike of series.spikes) {
    into.spikes++;
    if (Array.from({ length: spike.hours }, (_, k) => spike.start + k).some(flagged)) into.spikesDetected++;
  }
  if (shift !== null) {
    into.shifts++;
    if (Array.from({ length: SHIFT_DETECTION_HOURS }, (_, k) => shift.onset + k).some(flagged)) into.shiftsDetected++;
  }
}

describe('detection quality on synthetic hourly spend', () => {
  it('keeps precision and recall at or above 0.9 with minExcess 0', () => {
    const random = new SeededRandom(20250611);
    const counts: Tally = { flagged: 0, correct: 0, spikes: 0, spikesDetected: 0, shifts: 0, shiftsDetected: 0 };
    let hoursScored = 0;
    const started = performance.now();
    for (let i = 0; i < SERIES; i++) {
      const series = syntheticSeries(random, WINDOW_HOURS);
      const scores = scanSeries(series.values, WINDOW_HOURS, { minExcess: 0 });
      hoursScored += scores.length;
      tally(series, (hour) => scores[hour - WINDOW_HOURS]?.isAnomaly ?? false, counts);
    }
    const elapsed = performance.now() - started;

    const precision = counts.correct / counts.flagged;
    const recall = (counts.spikesDetected + counts.shiftsDetected) / (counts.spikes + counts.shifts);
    console.log(
      `anomaly detection: precision ${precision.toFixed(3)} (${counts.correct}/${counts.flagged} flagged hours), ` +
        `recall ${recall.toFixed(3)} (spikes ${counts.spikesDetected}/${counts.spikes}, shifts ${counts.shiftsDetected}/${counts.shifts}), ` +
        `${SERIES} series, ${hoursScored} hours scored in ${(elapsed / 1000).toFixed(1)} s`,
    );
    expect(counts.shifts).toBeGreaterThan(15);
    expect(counts.spikes).toBeGreaterThan(100);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
