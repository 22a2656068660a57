import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { CostBreakdown, ModelPrice, Pricing } from './model-price.type';
import { EstimateCostInput, UpsertModelPriceInput } from './pricing.inputs';

const asModelPrice = <T>(price: T) => price as unknown as ModelPrice;

@Resolver(() => ModelPrice)
export class PricingResolver {
  @Authorized(...ROLES.readers)
  @Query(() => Pricing, { description: 'Providers, models and the prices in force (org overrides first).' })
  async pricing(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('provider', () => String, { nullable: true, description: 'Only this provider.' }) provider?: string | null,
    @Arg('at', () => Date, { nullable: true, description: 'Prices in force at this instant; now by default.' }) at?: Date | null,
  ): Promise<Pricing> {
    const instant = at ?? new Date();
    const prices = await app.pricing.listPrices(principal, { provider, at: instant });
    return { at: instant, providers: [...new Set(prices.map((p) => p.provider))], prices: prices.map(asModelPrice) };
  }

  @Authorized(...ROLES.preflight)
  @Query(() => CostBreakdown, { description: 'What a call costs at the price in force when it occurs, exact to the digit.' })
  async estimateCost(@Ctx() { app, principal }: GraphQLContext, @Arg('input') input: EstimateCostInput): Promise<CostBreakdown> {
    const estimate = await app.pricing.estimateCost(principal, input);
    return { ...estimate, price: asModelPrice(estimate.price) };
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => ModelPrice, { description: "Adds or replaces the organization's own price version for a model." })
  async upsertModelPrice(@Ctx() { app, principal }: GraphQLContext, @Arg('input') input: UpsertModelPriceInput): Promise<ModelPrice> {
    return asModelPrice(await app.pricing.upsertModelPrice(principal, input));
  }
}
