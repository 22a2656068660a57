import type Decimal from 'decimal.js';
import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { ORGANIZATION_ARG } from '../orgs/organization-arg';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { BillingSettings, Coupon, CreateCouponInput, FxRate, TaxRate } from './invoice.types';

@Resolver()
export class BillingSettingsResolver {
  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => BillingSettings, { description: 'How the organization is invoiced.' })
  async billingSettings(@Ctx() { app, principal }: GraphQLContext, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return this.settingsView(app, await app.billingSettings.settings(principal, organizationId));
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => BillingSettings, { description: 'Sets the invoice number prefix and/or replaces the tax rates (omitted settings stay).' })
  async setBillingSettings(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('invoicePrefix', () => String, { nullable: true, description: '1 to 12 upper-case letters or digits.' }) invoicePrefix?: string | null,
    @Arg('taxRates', () => [TaxRate], { nullable: true, description: 'The full list of tax rates.' }) taxRates?: TaxRate[] | null,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return this.settingsView(app, await app.billingSettings.setBillingSettings(principal, { organizationId, invoicePrefix, taxRates }));
  }

  @Authorized('PLATFORM_ADMIN')
  @Mutation(() => Coupon, { description: 'Grants a coupon to an organization (platform admin).' })
  createCoupon(@Ctx() { app, principal }: GraphQLContext, @Arg('input', { description: 'The coupon.' }) input: CreateCouponInput) {
    return app.billingSettings.createCoupon(principal, input);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => [Coupon], { description: 'Coupons of the organization.' })
  coupons(@Ctx() { app, principal }: GraphQLContext, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.billingSettings.listCoupons(principal, organizationId);
  }

  @Authorized('PLATFORM_ADMIN')
  @Mutation(() => FxRate, { description: 'Adds (or corrects) an FX rate version (platform admin).' })
  setFxRate(@Ctx() { app, principal }: GraphQLContext, @Arg('input', { description: 'The rate.' }) input: FxRate) {
    return app.billingSettings.setFxRate(principal, input);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => [FxRate], { description: 'FX rate versions, newest first per pair.' })
  fxRates(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('base', () => String, { nullable: true, description: 'Only from this currency.' }) base?: string | null,
    @Arg('quote', () => String, { nullable: true, description: 'Only to this currency.' }) quote?: string | null,
  ) {
    return app.billingSettings.listFxRates(principal, { base, quote });
  }

  @Authorized('PLATFORM_ADMIN')
  @Mutation(() => DecimalScalar, { description: 'Records money paid in advance; finalized invoices draw on it. Returns the new balance; repeating a key changes nothing.' })
  addPrepaidBalance(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('amount', () => DecimalScalar, { description: 'In the organization’s currency.' }) amount: Decimal,
    @Arg('idempotencyKey', { description: 'Unique per payment.' }) idempotencyKey: string,
    @Arg('reference', () => String, { nullable: true, description: 'Payment reference.' }) reference?: string | null,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return app.billingSettings.addPrepaidBalance(principal, { organizationId, amount, idempotencyKey, reference });
  }

  private async settingsView(app: GraphQLContext['app'], settings: Awaited<ReturnType<GraphQLContext['app']['billingSettings']['settings']>>) {
    return { ...settings, invoicePrefix: settings.effectivePrefix, prepaidBalance: await app.billingSettings.prepaidBalance(settings.orgId, settings.currency) };
  }
}
