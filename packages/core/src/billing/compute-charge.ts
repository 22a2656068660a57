import Decimal from 'decimal.js';
import { badInput } from '../errors';
import { Dec, ZERO, sumDecimals } from '../money';
import type { Charge, ChargeModel, ChargeStep, PriceTier } from './charge-model';

const step = (description: string, quantity: Decimal, unitPrice: Decimal, amount = quantity.times(unitPrice)): ChargeStep => ({ description, quantity, unitPrice, amount });
const done = (steps: ChargeStep[]): Charge => ({ amount: sumDecimals(steps.map((s) => s.amount)), steps });

function assertTiers(tiers: readonly PriceTier[]): void {
  if (tiers.length === 0) throw badInput('a tiered charge needs at least one tier', 'INVALID_TIERS');
  tiers.forEach((tier, i) => {
    const last = i === tiers.length - 1;
    if (last !== (tier.upTo === null)) throw badInput('only the last tier is open-ended, and it must be', 'INVALID_TIERS');
    const previous = tiers[i - 1]?.upTo;
    if (tier.upTo && previous && !tier.upTo.greaterThan(previous)) throw badInput('tiers must rise', 'INVALID_TIERS');
    if (tier.unitPrice.isNegative() || tier.flatFee.isNegative()) throw badInput('tier prices must not be negative', 'INVALID_TIERS');
  });
}

/** GRADUATED: each unit at the price of the tier it falls in, plus the flat fee of every tier reached (the first's always). */
function graduated(tiers: readonly PriceTier[], units: Decimal): Charge {
  assertTiers(tiers);
  const steps: ChargeStep[] = [];
  let from = ZERO;
  for (const [i, tier] of tiers.entries()) {
    const reached = i === 0 || units.greaterThan(from);
    if (!reached) break;
    const inTier = Decimal.max(ZERO, Decimal.min(units, tier.upTo ?? units).minus(from));
    const range = `${from.toFixed()}–${tier.upTo?.toFixed() ?? '∞'}`;
    steps.push(step(`tier ${i + 1} (${range}): ${inTier.toFixed()} units`, inTier, tier.unitPrice));
    if (!tier.flatFee.isZero()) steps.push(step(`tier ${i + 1} flat fee`, new Dec(1), tier.flatFee));
    if (!tier.upTo) break;
    from = tier.upTo;
  }
  return done(steps);
}

/** VOLUME: every unit at the price of the tier the total falls in, plus that tier's flat fee. */
function volume(tiers: readonly PriceTier[], units: Decimal): Charge {
  assertTiers(tiers);
  const index = tiers.findIndex((tier) => tier.upTo === null || units.lessThanOrEqualTo(tier.upTo));
  const tier = tiers[index]!;
  const steps = [step(`${units.toFixed()} units at tier ${index + 1}`, units, tier.unitPrice)];
  if (!tier.flatFee.isZero()) steps.push(step(`tier ${index + 1} flat fee`, new Dec(1), tier.flatFee));
  return done(steps);
}

/** PACKAGE: ceil((units − free units) / package size) packages, never below zero. */
function packaged(size: Decimal, price: Decimal, free: Decimal, units: Decimal): Charge {
  if (!size.isPositive() || size.isZero()) throw badInput('packageSize must be more than zero', 'INVALID_PACKAGE');
  const billable = Decimal.max(ZERO, units.minus(free));
  const packages = billable.dividedBy(size).toDecimalPlaces(0, Decimal.ROUND_CEIL);
  return done([step(`${packages.toFixed()} package(s) of ${size.toFixed()} for ${billable.toFixed()} billable units (${free.toFixed()} free)`, packages, price)]);
}

/**
 * PERCENTAGE: per event, rate × amount plus a fixed fee, bounded by the per-event
 * minimum and maximum; the first `freeEvents` events and the first `freeAmount`
 * of amount are free.
 */
function percentage(model: Extract<ChargeModel, { type: 'PERCENTAGE' }>, amounts: readonly Decimal[]): Charge {
  let freeLeft = model.freeAmount;
  const fees = amounts.map((amount, i) => {
    if (i < model.freeEvents) return ZERO;
    const waived = Decimal.min(freeLeft, amount);
    freeLeft = freeLeft.minus(waived);
    let fee = amount.minus(waived).times(model.rate).plus(model.fixedFeePerEvent);
    if (model.minPerEvent && fee.lessThan(model.minPerEvent)) fee = model.minPerEvent;
    if (model.maxPerEvent && fee.greaterThan(model.maxPerEvent)) fee = model.maxPerEvent;
    return fee;
  });
  const charged = amounts.length - Math.min(model.freeEvents, amounts.length);
  return done([step(`${charged} charged event(s) of ${amounts.length}, ${model.rate.times(100).toFixed()}% + ${model.fixedFeePerEvent.toFixed()} each`, new Dec(charged), ZERO, sumDecimals(fees))]);
}

export interface ChargeInput {
  /** What the meter measured (units, tokens, requests...). */
  units: Decimal;
  /** Per-event amounts, for PERCENTAGE. */
  eventAmounts?: readonly Decimal[];
  /** Provider cost, for COST_PLUS. */
  cost?: Decimal;
}

/** The charge for a period's measure under a charge model, at full precision. */
export function computeCharge(model: ChargeModel, input: ChargeInput): Charge {
  if (input.units.isNegative()) throw badInput('units must not be negative', 'INVALID_QUANTITY');
  switch (model.type) {
    case 'STANDARD':
      return done([step(`${input.units.toFixed()} units`, input.units, model.unitPrice)]);
    case 'GRADUATED':
      return graduated(model.tiers, input.units);
    case 'VOLUME':
      return volume(model.tiers, input.units);
    case 'PACKAGE':
      return packaged(model.packageSize, model.packagePrice, model.freeUnits, input.units);
    case 'PERCENTAGE':
      return percentage(model, input.eventAmounts ?? []);
    case 'COST_PLUS': {
      const cost = input.cost ?? ZERO;
      return done([step(`provider cost ${cost.toFixed()} plus ${model.markup.times(100).toFixed()}%`, cost, model.markup.plus(1))]);
    }
  }
}
