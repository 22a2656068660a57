import type Decimal from 'decimal.js';
import { Dec, linearTrend, ZERO, type ForecastMethod } from '@tollgate/core';
import type { ForecastFigure } from '../forecasts/forecast-view';
import type { ReportGroup, ReportRow } from './usage-report';

export interface TrendPoint {
  bucketStart: Date;
  cost: Decimal;
  credits: Decimal;
  requests: number;
  tokens: number;
}

/** One group's cost over the buckets of an interval, with its least-squares direction. */
export interface TrendSeries {
  group: ReportGroup;
  currency: string;
  points: TrendPoint[];
  /** Least-squares change of cost per bucket (an estimate, to 6 decimal places). */
  costSlopePerInterval: Decimal;
  /** That slope as a percentage of the mean bucket cost (null when nothing was spent). */
  costSlopePercent: number | null;
}

export interface ComparisonRow {
  group: ReportGroup;
  currency: string;
  currentCost: Decimal;
  previousCost: Decimal;
  costChange: Decimal;
  /** Percent change of cost; null when the previous period spent nothing. */
  costChangePercent: number | null;
  currentRequests: number;
  previousRequests: number;
  requestsChangePercent: number | null;
}

export interface ReportComparison {
  previousFrom: Date;
  previousTo: Date;
  rows: ComparisonRow[];
  totals: ComparisonRow[];
}

export interface ReportProjection {
  currency: string;
  method: ForecastMethod;
  historyDays: number;
  actualToDate: Decimal;
  projectedTotal: ForecastFigure;
}

const tokensOf = (row: ReportRow) => row.inputTokens + row.outputTokens + row.cacheReadTokens + row.cacheWriteTokens + row.reasoningTokens + row.embeddingTokens;
const keyOf = (group: ReportGroup, currency: string) => JSON.stringify([group, currency]);
const percentChange = (current: Decimal, previous: Decimal): number | null => (previous.isZero() ? null : current.minus(previous).div(previous).times(100).toDecimalPlaces(4).toNumber());

/** Rows grouped into one series per (group, currency), every bucket present (zero where nothing was used). */
export function trendSeries(rows: readonly ReportRow[], buckets: readonly Date[]): TrendSeries[] {
  const series = new Map<string, { group: ReportGroup; currency: string; byBucket: Map<number, ReportRow> }>();
  for (const row of rows) {
    const key = keyOf(row.group, row.currency);
    const entry = series.get(key) ?? { group: row.group, currency: row.currency, byBucket: new Map() };
    entry.byBucket.set(row.bucketStart.getTime(), row);
    series.set(key, entry);
  }
  return [...series.values()].map(({ group, currency, byBucket }) => {
    const points = buckets.map((bucketStart): TrendPoint => {
      const row = byBucket.get(bucketStart.getTime());
      return { bucketStart, cost: row?.cost ?? ZERO, credits: row?.credits ?? ZERO, requests: row?.requests ?? 0, tokens: row ? tokensOf(row) : 0 };
    });
    const trend = linearTrend(points.map((point) => point.cost.toNumber()));
    return { group, currency, points, costSlopePerInterval: new Dec(trend.slope.toPrecision(15)).toDecimalPlaces(6), costSlopePercent: trend.slopePercentOfMean };
  });
}

type Compared = Pick<ReportRow, 'group' | 'currency' | 'cost' | 'requests'>;

/** Current against previous per (group, currency), groups of either side included, largest current cost first. */
export function compareRows(current: readonly Compared[], previous: readonly Compared[]): ComparisonRow[] {
  const joined = new Map<string, { group: ReportGroup; currency: string; now?: Compared; before?: Compared }>();
  for (const row of current) joined.set(keyOf(row.group, row.currency), { group: row.group, currency: row.currency, now: row });
  for (const row of previous) {
    const key = keyOf(row.group, row.currency);
    joined.set(key, { group: row.group, currency: row.currency, ...joined.get(key), before: row });
  }
  return [...joined.values()]
    .map(({ group, currency, now, before }) => {
      const currentCost = now?.cost ?? ZERO;
      const previousCost = before?.cost ?? ZERO;
      const currentRequests = now?.requests ?? 0;
      const previousRequests = before?.requests ?? 0;
      return {
        group,
        currency,
        currentCost,
        previousCost,
        costChange: currentCost.minus(previousCost),
        costChangePercent: percentChange(currentCost, previousCost),
        currentRequests,
        previousRequests,
        requestsChangePercent: previousRequests === 0 ? null : Math.round(((currentRequests - previousRequests) / previousRequests) * 1e6) / 1e4,
      };
    })
    .sort((a, b) => b.currentCost.comparedTo(a.currentCost) || a.currency.localeCompare(b.currency));
}
