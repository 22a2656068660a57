import { Dec } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import type { StoredCharge } from './plans.repository';

/** What one meter measured over a window, at full precision, costs in the invoice currency. */
export interface MeterReading {
  units: Decimal;
  /** Provider cost of the metered events (COST_PLUS). */
  cost: Decimal;
  /** Per-event costs in time order (PERCENTAGE). */
  eventAmounts: Decimal[];
}

export interface MeterWindow {
  orgId: string;
  /** Events that occurred in [from, to). */
  from: Date;
  to: Date;
  /** Only events recorded up to this instant (the invoice's usage cutoff). */
  recordedUpTo: Date;
  /** Invoice currency and the rate to it from each other currency in force for the period. */
  currency: string;
  fxRates: ReadonlyMap<string, Decimal>;
}

export interface MeterResult {
  readings: Map<string, MeterReading>;
  /** Credits consumed by all events of the window (for included credits and overage). */
  credits: Decimal;
  /** Currencies of events that have no FX rate to the invoice currency. */
  missingFx: string[];
}

const TOKENS = '(e.input_tokens + e.output_tokens + e.cache_read_tokens + e.cache_write_tokens + e.reasoning_tokens + e.embedding_tokens)';

const AGGREGATES: Record<string, (filter: string) => string> = {
  COST_SUM: (f) => `sum(e.cost * fx.rate) FILTER (WHERE ${f})`,
  TOKENS_SUM: (f) => `sum(${TOKENS}) FILTER (WHERE ${f})`,
  REQUESTS: (f) => `count(*) FILTER (WHERE ${f})`,
  UNIQUE_USERS: (f) => `count(DISTINCT e.user_id) FILTER (WHERE ${f})`,
  CREDITS_SUM: (f) => `sum(e.credits) FILTER (WHERE ${f})`,
  MAX_TOKENS: (f) => `max(${TOKENS}) FILTER (WHERE ${f})`,
};

/**
 * Measures every meter of a set of charges in one pass over the window's
 * usage events: each charge is a FILTERed aggregate of the same scan, and
 * costs are converted to the invoice currency by joining the FX rates.
 * Voided events never count.
 */
export async function measureMeters(q: EntityManager, window: MeterWindow, charges: readonly StoredCharge[]): Promise<MeterResult> {
  const params: unknown[] = [
    window.orgId,
    window.from,
    window.to,
    window.recordedUpTo,
    [window.currency, ...window.fxRates.keys()],
    ['1', ...[...window.fxRates.values()].map((r) => r.toFixed())],
  ];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const columns = charges.map((charge, i) => {
    const conditions = ['true'];
    const meter = charge.meter;
    for (const [column, value] of [['provider', meter.provider], ['model', meter.model], ['category', meter.category], ['feature', meter.feature]] as const) {
      if (value) conditions.push(`e.${column} = ${bind(value)}`);
    }
    if (meter.tags && Object.keys(meter.tags).length) conditions.push(`e.tags @> ${bind(JSON.stringify(meter.tags))}::jsonb`);
    const filter = conditions.join(' AND ');
    const aggregate = AGGREGATES[charge.meter.aggregation];
    if (!aggregate) throw new Error(`unknown meter aggregation ${charge.meter.aggregation}`);
    const perEvent = charge.model.type === 'PERCENTAGE' ? `array_agg((e.cost * fx.rate)::text ORDER BY e.occurred_at, e.id) FILTER (WHERE ${filter})` : 'NULL::text[]';
    return `coalesce(${aggregate(filter)}, 0)::text AS u${i}, coalesce(sum(e.cost * fx.rate) FILTER (WHERE ${filter}), 0)::text AS c${i}, ${perEvent} AS a${i}`;
  });
  const [row] = await q.query(
    `SELECT coalesce(sum(e.credits), 0)::text AS credits,
            array_remove(array_agg(DISTINCT e.currency::text) FILTER (WHERE fx.rate IS NULL), NULL) AS "missingFx"
            ${columns.map((c) => `, ${c}`).join('')}
       FROM usage_events e
       LEFT JOIN unnest($5::text[], $6::numeric[]) AS fx(currency, rate) ON fx.currency = e.currency
      WHERE e.org_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3 AND e.voided_at IS NULL
        AND e.recorded_at <= $4`,
    params,
  );
  const readings = new Map<string, MeterReading>();
  charges.forEach((charge, i) => {
    readings.set(charge.code, {
      units: new Dec(row[`u${i}`]),
      cost: new Dec(row[`c${i}`]),
      eventAmounts: ((row[`a${i}`] as string[] | null) ?? []).map((a) => new Dec(a)),
    });
  });
  return { readings, credits: new Dec(row.credits), missingFx: row.missingFx ?? [] };
}
