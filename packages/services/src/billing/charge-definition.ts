import { Dec, ZERO, badInput, computeCharge, parseDecimal, type ChargeModel, type PriceTier } from '@tollgate/core';
import type { StoredCharge } from '@tollgate/db';

export const METER_AGGREGATIONS = ['COST_SUM', 'TOKENS_SUM', 'REQUESTS', 'UNIQUE_USERS', 'CREDITS_SUM', 'MAX_TOKENS'] as const;

const decimal = (value: unknown, field: string) => {
  if (typeof value !== 'string' && typeof value !== 'number') throw badInput(`${field} must be a decimal string`, 'INVALID_CHARGE', { field });
  try {
    return parseDecimal(value, field);
  } catch (error) {
    throw badInput((error as Error).message, 'INVALID_CHARGE', { field });
  }
};
const optional = (value: unknown, field: string) => (value == null ? null : decimal(value, field));

function tiersOf(raw: unknown, field: string): PriceTier[] {
  if (!Array.isArray(raw) || raw.length === 0) throw badInput(`${field} needs tiers`, 'INVALID_CHARGE', { field });
  return raw.map((tier: Record<string, unknown>, i) => ({
    upTo: optional(tier.upTo, `${field}[${i}].upTo`),
    unitPrice: decimal(tier.unitPrice, `${field}[${i}].unitPrice`),
    flatFee: optional(tier.flatFee, `${field}[${i}].flatFee`) ?? new Dec(0),
  }));
}

/** A stored charge's pricing as the domain's ChargeModel; BAD_USER_INPUT names what is malformed. */
export function chargeModelOf(charge: Pick<StoredCharge, 'code' | 'model'>): ChargeModel {
  const m = charge.model;
  const at = (name: string) => `charges.${charge.code}.model.${name}`;
  switch (m.type) {
    case 'STANDARD':
      return { type: 'STANDARD', unitPrice: decimal(m.unitPrice, at('unitPrice')) };
    case 'GRADUATED':
    case 'VOLUME':
      return { type: m.type, tiers: tiersOf(m.tiers, at('tiers')) };
    case 'PACKAGE':
      return { type: 'PACKAGE', packageSize: decimal(m.packageSize, at('packageSize')), packagePrice: decimal(m.packagePrice, at('packagePrice')), freeUnits: optional(m.freeUnits, at('freeUnits')) ?? new Dec(0) };
    case 'PERCENTAGE':
      return {
        type: 'PERCENTAGE',
        rate: decimal(m.rate, at('rate')),
        fixedFeePerEvent: optional(m.fixedFeePerEvent, at('fixedFeePerEvent')) ?? new Dec(0),
        freeEvents: Number(m.freeEvents ?? 0),
        freeAmount: optional(m.freeAmount, at('freeAmount')) ?? new Dec(0),
        minPerEvent: optional(m.minPerEvent, at('minPerEvent')),
        maxPerEvent: optional(m.maxPerEvent, at('maxPerEvent')),
      };
    case 'COST_PLUS':
      return { type: 'COST_PLUS', markup: decimal(m.markup, at('markup')) };
    default:
      throw badInput(`charges.${charge.code}.model.type must be STANDARD, GRADUATED, VOLUME, PACKAGE, PERCENTAGE or COST_PLUS`, 'INVALID_CHARGE', { field: at('type') });
  }
}

/** Throws BAD_USER_INPUT for a charge list that could not be billed. */
export function validateCharges(charges: readonly StoredCharge[]): void {
  const codes = new Set<string>();
  for (const charge of charges) {
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(charge.code) || codes.has(charge.code)) {
      throw badInput(`charge codes must be unique lower-case identifiers: "${charge.code}"`, 'INVALID_CHARGE', { field: 'charges' });
    }
    codes.add(charge.code);
    if (!(METER_AGGREGATIONS as readonly string[]).includes(charge.meter.aggregation)) {
      throw badInput(`charges.${charge.code}.meter.aggregation must be one of ${METER_AGGREGATIONS.join(', ')}`, 'INVALID_CHARGE', { field: 'charges' });
    }
    const tags = charge.meter.tags;
    if (tags != null && (typeof tags !== 'object' || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== 'string'))) {
      throw badInput(`charges.${charge.code}.meter.tags must be an object of string values`, 'INVALID_CHARGE', { field: 'charges' });
    }
    // Pricing zero units checks tier order and package size now rather than at billing time.
    computeCharge(chargeModelOf(charge), { units: ZERO, eventAmounts: [], cost: ZERO });
  }
}
