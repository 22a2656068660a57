import type Decimal from 'decimal.js';
import type { CurrencyCode } from '../money';

/**
 * Credits charged for an action or a workflow: `credits` per `perUnits` units
 * (translate = 5 per 1000 words; workflow summarize_and_translate = 7 per 1 step).
 */
export interface CreditRate {
  feature: string;
  kind: 'ACTION' | 'WORKFLOW';
  credits: Decimal;
  perUnits: Decimal;
  unit: string;
  effectiveFrom: Date;
}

/** The money value of one credit, a versioned setting. */
export interface CreditValue {
  amount: Decimal;
  currency: CurrencyCode;
  effectiveFrom: Date;
}
