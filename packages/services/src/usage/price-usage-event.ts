import type Decimal from 'decimal.js';
import {
  DomainError,
  badInput,
  costForCredits,
  creditsForCost,
  creditsForUnits,
  priceUsage,
  usageQuantitiesFrom,
  Dec,
  type ModelKind,
  type UsageCategory,
} from '@tollgate/core';
import type { CostSource } from '@tollgate/db';
import type { FxLookup } from '../pricing/fx-rates';
import type { PriceResolver } from '../pricing/price-resolver';
import { noPriceInForce } from '../pricing/pricing.service';
import type { LoadedCreditSettings } from './credit-settings';
import type { UsageInput } from './usage.input';

export interface PricedUsage {
  cost: Decimal;
  currency: string;
  credits: Decimal;
  costSource: CostSource;
  priceEffectiveFrom: Date | null;
  category: UsageCategory;
}

const CATEGORY_OF_KIND: Record<ModelKind, UsageCategory> = {
  CHAT: 'LLM_INFERENCE',
  EMBEDDING: 'LLM_EMBEDDING',
  IMAGE: 'IMAGE_GENERATION',
  AUDIO: 'LLM_INFERENCE',
};

interface PricingContext {
  orgId: string;
  orgCurrency: string;
  resolver: PriceResolver;
  credits: LoadedCreditSettings;
  fx: FxLookup;
}

/** The category an event is recorded under: the caller's, else its model's kind, else a credit-rated action's. */
export function usageCategoryOf(stated: UsageCategory | null | undefined, kind: ModelKind | null, creditRated: boolean): UsageCategory {
  return stated ?? (kind ? CATEGORY_OF_KIND[kind] : creditRated ? 'API_CALLS' : 'OTHER');
}

/**
 * Money cost and credits of one event, in this order of precedence: a cost
 * the caller states, the model's price in force at `at`, or the feature's
 * credit rate. Credits come from the feature's rate when it has one (a
 * workflow counts one step unless told otherwise), else from the cost at the
 * credit's value. Anything that cannot be priced throws; nothing is zero by default.
 */
export async function priceUsageEvent(input: UsageInput, at: Date, ctx: PricingContext): Promise<PricedUsage> {
  const rate = input.feature ? ctx.credits.rateFor(input.feature, at) : null;
  const units = input.units ?? (rate?.kind === 'WORKFLOW' ? new Dec(1) : null);
  const rateCredits = rate && units ? creditsForUnits(rate, units) : null;
  const value = ctx.credits.valueAt(at);

  let cost: Decimal;
  let currency: string;
  let costSource: CostSource;
  let priceEffectiveFrom: Date | null = null;
  let kind: ModelKind | null = null;
  if (input.costOverride) {
    cost = input.costOverride;
    currency = input.currency ?? ctx.orgCurrency;
    costSource = 'CALLER';
  } else if (input.provider && input.model) {
    const resolved = await ctx.resolver.resolve(ctx.orgId, input.provider, input.model, at);
    if (!resolved) throw noPriceInForce(input.provider, input.model, at);
    const breakdown = priceUsage(resolved.price, usageQuantitiesFrom(input));
    cost = breakdown.total;
    currency = breakdown.currency;
    costSource = resolved.source;
    priceEffectiveFrom = resolved.price.effectiveFrom;
    kind = resolved.price.kind;
  } else if (rateCredits) {
    cost = costForCredits(rateCredits, value);
    currency = value.currency;
    costSource = 'CREDIT_RATE';
  } else {
    throw badInput('Nothing to price: send provider and model, a feature with a credit rate and units, or costOverride', 'NOTHING_TO_PRICE');
  }

  let credits = rateCredits;
  if (!credits) {
    const rate = currency === value.currency ? null : ctx.fx(currency, value.currency, at);
    if (currency !== value.currency && !rate) {
      throw new DomainError('BAD_USER_INPUT', `No FX rate from ${currency} to ${value.currency} (the credit's currency) in force at ${at.toISOString()}`, { reason: 'NO_FX_RATE' });
    }
    credits = creditsForCost(rate ? cost.times(rate) : cost, value);
  }
  const category = usageCategoryOf(input.category, kind, rate !== null);
  return { cost, currency, credits, costSource, priceEffectiveFrom, category };
}
