import {
  DomainError,
  badInput,
  isCurrencyCode,
  priceUsage,
  resolvePriceInForce,
  usageQuantitiesFrom,
  type CostBreakdown,
  type ModelPrice,
  type PartialUsageQuantities,
} from '@tollgate/core';
import { loadPriceCatalog, type OrganizationsRepository, type PricesRepository } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { UpsertModelPriceInput } from './model-price.input';
import { PriceResolver } from './price-resolver';
import { validateModelPrice } from './validate-model-price';

/** The error for a call no price applies to: never priced at zero. */
export const noPriceInForce = (provider: string, model: string, at: Date) =>
  new DomainError('NOT_FOUND', `No price in force for ${provider}/${model} at ${at.toISOString()}`, {
    reason: 'NO_PRICE_IN_FORCE',
    details: { provider, model },
  });

export interface EstimateCostInput extends PartialUsageQuantities {
  provider: string;
  model: string;
  occurredAt?: Date | null;
}

export interface CostEstimate extends CostBreakdown {
  price: ModelPrice & { isOrgOverride: boolean };
}

const MAX_FUTURE_MS = 366 * 24 * 3600 * 1000;

/** The rate card: what is in force, what a call costs, and org overrides. */
export class PricingService {
  constructor(
    private readonly prices: PricesRepository,
    private readonly orgs: OrganizationsRepository,
    readonly resolver: PriceResolver,
  ) {}

  listPrices(principal: Principal, options: { provider?: string | null; at?: Date | null }) {
    requireRole(principal, ROLES.readers, 'read prices');
    return this.prices.findAllInForce(orgIdOf(principal), options.at ?? new Date(), options.provider ?? undefined);
  }

  /** The price version that applies to an org's call at `at`; NOT_FOUND rather than a silent zero. */
  async findPriceInForceOrThrow(orgId: string, provider: string, model: string, at: Date) {
    const resolved = await this.resolver.resolve(orgId, provider, model, at);
    if (!resolved) throw noPriceInForce(provider, model, at);
    return { ...resolved.price, isOrgOverride: resolved.source !== 'CATALOG', source: resolved.source };
  }

  async estimateCost(principal: Principal, input: EstimateCostInput): Promise<CostEstimate> {
    requireRole(principal, ROLES.preflight, 'estimate costs');
    const at = input.occurredAt ?? new Date();
    const price = await this.findPriceInForceOrThrow(orgIdOf(principal), input.provider, input.model, at);
    return { ...priceUsage(price, usageQuantitiesFrom(input)), price };
  }

  async upsertModelPrice(principal: Principal, input: UpsertModelPriceInput): Promise<ModelPrice & { isOrgOverride: boolean }> {
    requireRole(principal, ROLES.admins, 'change prices');
    const orgId = orgIdOf(principal);
    const org = await this.orgs.findOrganization(orgId);
    if (!org) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);
    const effectiveFrom = input.effectiveFrom ?? new Date();
    if (effectiveFrom.getTime() - Date.now() > MAX_FUTURE_MS) {
      throw badInput('effectiveFrom may be at most a year ahead', 'INVALID_PERIOD', { field: 'effectiveFrom' });
    }
    const currency = input.currency ?? 'USD';
    if (!isCurrencyCode(currency)) throw badInput(`currency "${currency}" is not supported`, 'INVALID_CURRENCY', { field: 'currency' });
    const inherited = await this.inheritedProviderRules(orgId, input.provider, input.model, effectiveFrom);
    const price: ModelPrice = {
      provider: input.provider,
      model: input.model,
      kind: input.kind ?? 'CHAT',
      currency,
      effectiveFrom,
      effectiveTo: input.effectiveTo ?? null,
      inputPerMTok: input.inputPerMTok ?? null,
      outputPerMTok: input.outputPerMTok ?? null,
      cacheReadPerMTok: input.cacheReadPerMTok ?? null,
      cacheWrite5mPerMTok: input.cacheWrite5mPerMTok ?? null,
      cacheWrite1hPerMTok: input.cacheWrite1hPerMTok ?? null,
      embeddingPerMTok: input.embeddingPerMTok ?? null,
      perRequest: input.perRequest ?? null,
      perSecond: input.perSecond ?? null,
      cacheReadsIncludedInInput: input.cacheReadsIncludedInInput ?? inherited.cacheReadsIncludedInInput,
      reasoningIncludedInOutput: input.reasoningIncludedInOutput ?? inherited.reasoningIncludedInOutput,
      longContextTiers: (input.longContextTiers ?? []).map((tier) => ({
        aboveInputTokens: tier.aboveInputTokens,
        inputPerMTok: tier.inputPerMTok ?? null,
        outputPerMTok: tier.outputPerMTok ?? null,
        cacheReadPerMTok: tier.cacheReadPerMTok ?? null,
        cacheWrite5mPerMTok: tier.cacheWrite5mPerMTok ?? null,
        cacheWrite1hPerMTok: tier.cacheWrite1hPerMTok ?? null,
      })),
      images: (input.images ?? []).map(({ size, quality, perImage }) => ({ size, quality, perImage })),
      priceAsOf: effectiveFrom.toISOString().slice(0, 10),
      source: `org override by ${principal.actor}`,
    };
    validateModelPrice(price);
    const stored = await this.prices.upsertOrgPrice(orgId, price, principal.actor);
    this.resolver.forgetOrg(orgId);
    return { ...stored, isOrgOverride: true };
  }

  /** Applies the shipped catalog; idempotent, run at start and by the worker's schedule. */
  syncCatalog(): Promise<number> {
    return this.prices.seedCatalog(loadPriceCatalog());
  }

  /** Cache and reasoning rules default to the catalog's for the same model, else the common convention. */
  private async inheritedProviderRules(orgId: string, provider: string, model: string, at: Date) {
    const { orgOverrides, catalog } = await this.prices.findVersions(orgId, provider, model);
    const known = resolvePriceInForce(orgOverrides, catalog, at) ?? catalog[0] ?? null;
    return {
      cacheReadsIncludedInInput: known?.cacheReadsIncludedInInput ?? provider !== 'anthropic',
      reasoningIncludedInOutput: known?.reasoningIncludedInOutput ?? provider !== 'google',
    };
  }
}
