import Decimal from 'decimal.js';
import { Dec } from '../money';
import type { UsageMeasure } from '../budgets/budget-status';
import { fromNanoUnits, toNanoUnits } from '../budgets/nano-units';
import type { EnforcedLimit } from './enforced-limit';

/** Four whole amounts as decimal strings, the way Redis counters hold them: cost and credits in nano-units. */
export interface CounterUnits {
  cost: string;
  credits: string;
  tokens: string;
  requests: string;
}

/** Caps in counter units; null = not capped. */
export interface CounterCaps {
  cost: string | null;
  credits: string | null;
  tokens: string | null;
  requests: string | null;
}

/**
 * The largest amount one call may bring to a counter, per measure: counters
 * are 64-bit integers and comparisons in Lua are exact below 2^53, so an
 * estimate or an event above these is refused at the edge, never half-counted.
 * 10^6 money units or credits, 10^12 tokens.
 */
export const MAX_CALL_AMOUNT = { money: new Dec('1e6'), tokens: 1e12 } as const;

/** The largest cap a limit may have: 999,999,999 money units or credits, 10^17 tokens or requests (under 10^18 counter units). */
export const MAX_CAP = { money: new Dec('999999999'), count: 1e17 } as const;

/**
 * Counter amounts stop growing here: a booking above it (an absurd event)
 * saturates the counter, which is then over every cap — never wraps around.
 */
export const SATURATED_UNITS = 999_999_999_999_999_999n;

/** The sum of counter units (exact, in BigInt). */
export function addUnits(a: CounterUnits, b: CounterUnits): CounterUnits {
  const add = (x: string, y: string) => (BigInt(x) + BigInt(y)).toString();
  return { cost: add(a.cost, b.cost), credits: add(a.credits, b.credits), tokens: add(a.tokens, b.tokens), requests: add(a.requests, b.requests) };
}

const clamp = (value: string, max: bigint) => (BigInt(value) > max ? max.toString() : value);

/** Units a counter or a booking can hold: anything larger saturates, which is over every cap. */
export function saturated(units: CounterUnits): CounterUnits {
  return { cost: clamp(units.cost, SATURATED_UNITS), credits: clamp(units.credits, SATURATED_UNITS), tokens: clamp(units.tokens, SATURATED_UNITS), requests: clamp(units.requests, SATURATED_UNITS) };
}

export const ZERO_UNITS: CounterUnits = { cost: '0', credits: '0', tokens: '0', requests: '0' };

/** A measure in counter units (money rounded up: enforcement errs towards blocking). */
export function toCounterUnits(measure: UsageMeasure): CounterUnits {
  return { cost: toNanoUnits(measure.cost), credits: toNanoUnits(measure.credits), tokens: String(measure.tokens), requests: String(measure.requests) };
}

/** Counter units back as a measure (money and credits from nano-units). */
export function fromCounterUnits(units: CounterUnits): UsageMeasure {
  return { cost: fromNanoUnits(units.cost), credits: fromNanoUnits(units.credits), tokens: Number(units.tokens), requests: Number(units.requests) };
}

/** A limit's caps in counter units, for usage priced in `costCurrency` (cost caps count one currency only). */
export function capsInCounterUnits(limit: EnforcedLimit, costCurrency: string): CounterCaps {
  const { cost, credits, tokens, requests } = limit.caps;
  // A cap above MAX_CAP (stored before it was enforced) counts as MAX_CAP: stricter, never looser.
  const money = (d: Decimal) => toNanoUnits(Decimal.min(d, MAX_CAP.money));
  const count = (n: number) => String(Math.min(n, MAX_CAP.count));
  return {
    cost: cost && limit.currency === costCurrency ? money(cost) : null,
    credits: credits ? money(credits) : null,
    tokens: tokens === null ? null : count(tokens),
    requests: requests === null ? null : count(requests),
  };
}

/** Whether every amount of a measure is within what one call may add (non-negative, whole counts, bounded). */
export function withinCallBounds(measure: UsageMeasure): boolean {
  const money = (d: Decimal) => d.isFinite() && !d.isNegative() && d.lessThanOrEqualTo(MAX_CALL_AMOUNT.money);
  const count = (n: number) => Number.isSafeInteger(n) && n >= 0 && n <= MAX_CALL_AMOUNT.tokens;
  return money(measure.cost) && money(measure.credits) && count(measure.tokens) && count(measure.requests);
}
