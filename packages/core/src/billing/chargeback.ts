import type Decimal from 'decimal.js';
import { badInput } from '../errors';
import { Dec, ZERO, roundToMinorUnit, sumDecimals, type CurrencyCode } from '../money';
import { allocate } from './allocate';

/** How spend that no rule claims is shared: in proportion to each cost center's direct spend, or by fixed percentages. */
export type SharedSplit = { kind: 'PROPORTIONAL' } | { kind: 'FIXED'; percents: ReadonlyMap<string, Decimal> };

export interface ChargebackAllocation {
  costCenterId: string;
  direct: Decimal;
  shared: Decimal;
  total: Decimal;
}

/**
 * Splits a period's spend between cost centers. The total is the spend
 * rounded once to the minor unit; direct spend is rounded by largest
 * remainder against the rounded sum of direct spend, and the rest (shared
 * spend plus what rounding left) by largest remainder over the split's
 * weights. Every figure is whole minor units and the allocations always sum
 * exactly to the total. With a proportional split and no direct spend at
 * all, shared spend is divided equally.
 */
export function allocateChargeback(input: {
  currency: CurrencyCode;
  costCenterIds: readonly string[];
  direct: ReadonlyMap<string, Decimal>;
  unclaimed: Decimal;
  split: SharedSplit;
}): { total: Decimal; allocations: ChargebackAllocation[] } {
  const { currency, costCenterIds } = input;
  if (costCenterIds.length === 0) throw badInput('a chargeback needs at least one cost center', 'NO_COST_CENTERS');
  for (const id of input.direct.keys()) if (!costCenterIds.includes(id)) throw badInput(`spend is claimed by unknown cost center ${id}`, 'UNKNOWN_COST_CENTER');
  const exactDirect = costCenterIds.map((id) => input.direct.get(id) ?? ZERO);
  if (exactDirect.some((d) => d.isNegative()) || input.unclaimed.isNegative()) throw badInput('spend must not be negative', 'INVALID_AMOUNT');
  const directSum = sumDecimals(exactDirect);
  const total = roundToMinorUnit(directSum.plus(input.unclaimed), currency);
  const direct = allocate(roundToMinorUnit(directSum, currency), exactDirect, currency);
  const sharedTotal = total.minus(sumDecimals(direct));
  let weights: Decimal[];
  if (input.split.kind === 'FIXED') {
    const percents = input.split.percents;
    const sum = sumDecimals([...percents.values()]);
    if (!sum.equals(100)) throw badInput(`fixed shares must sum to 100%, not ${sum.toFixed()}%`, 'SHARED_SPLIT_INVALID');
    weights = costCenterIds.map((id) => percents.get(id) ?? ZERO);
  } else {
    weights = exactDirect;
  }
  const shared = allocate(sharedTotal, weights, currency);
  return {
    total,
    allocations: costCenterIds.map((costCenterId, i) => ({ costCenterId, direct: direct[i]!, shared: shared[i]!, total: direct[i]!.plus(shared[i]!) })),
  };
}

/** A chargeback statement as a CSV journal for accounting: one debit per cost center, one credit to the clearing account. */
export function chargebackJournalCsv(input: {
  date: string;
  currency: CurrencyCode;
  clearingAccount: string;
  lines: ReadonlyArray<{ account: string; costCenter: string; amount: Decimal }>;
}): string {
  const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const rows = [['date', 'account', 'cost_center', 'debit', 'credit', 'currency']];
  for (const line of input.lines) if (!line.amount.isZero()) rows.push([input.date, line.account, line.costCenter, line.amount.toFixed(2), '', input.currency]);
  const total = sumDecimals(input.lines.map((l) => l.amount));
  rows.push([input.date, input.clearingAccount, '', '', new Dec(total).toFixed(2), input.currency]);
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
