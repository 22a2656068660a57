import type Decimal from 'decimal.js';

/** A price tier: units above the previous tier's `upTo` and up to this one (null = no upper end). */
export interface PriceTier {
  upTo: Decimal | null;
  unitPrice: Decimal;
  flatFee: Decimal;
}

/** How a plan charges for what a meter measured. */
export type ChargeModel =
  | { type: 'STANDARD'; unitPrice: Decimal }
  | { type: 'GRADUATED'; tiers: readonly PriceTier[] }
  | { type: 'VOLUME'; tiers: readonly PriceTier[] }
  | { type: 'PACKAGE'; packageSize: Decimal; packagePrice: Decimal; freeUnits: Decimal }
  | {
      type: 'PERCENTAGE';
      rate: Decimal;
      fixedFeePerEvent: Decimal;
      freeEvents: number;
      freeAmount: Decimal;
      minPerEvent: Decimal | null;
      maxPerEvent: Decimal | null;
    }
  | { type: 'COST_PLUS'; markup: Decimal };

/** One step of how a charge was reached, for the invoice line's explanation. */
export interface ChargeStep {
  description: string;
  quantity: Decimal;
  unitPrice: Decimal;
  amount: Decimal;
}

/** A computed charge at full precision; rounding happens when the invoice line is made. */
export interface Charge {
  amount: Decimal;
  steps: ChargeStep[];
}
