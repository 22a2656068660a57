import type Decimal from 'decimal.js';
import { DomainError, badInput, isCurrencyCode, prepaidPostings } from '@tollgate/core';
import { uuidv7, type BillingSettingsRepository, type BillingSettingsRow, type CouponRow, type FxRateRow, type InvoicesRepository, type LedgerRepository } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { FxRates } from '../pricing/fx-rates';

/** The default invoice prefix of an org: the first word of its name, upper-cased letters and digits. */
export const defaultInvoicePrefix = (name: string) => (name.split(/\s+/)[0] ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12) || 'INV';

interface Deps {
  settings: BillingSettingsRepository;
  /** For the org billing lock, shared with finalization, under which prepaid money moves. */
  invoices: InvoicesRepository;
  ledger: LedgerRepository;
  fxRates: FxRates;
}

/**
 * What invoices are computed with besides usage: an org's invoice prefix and
 * tax rates, coupons, prepaid money, and the platform's versioned FX rates.
 */
export class BillingSettingsService {
  constructor(private readonly deps: Deps) {}

  async settings(principal: Principal, organizationId?: string | null): Promise<BillingSettingsRow & { orgId: string; effectivePrefix: string }> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read billing settings');
    const orgId = orgIdOf(principal, organizationId);
    const settings = await this.deps.settings.settings(orgId);
    if (!settings) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);
    return { ...settings, orgId, effectivePrefix: settings.invoicePrefix ?? defaultInvoicePrefix(settings.name) };
  }

  async setBillingSettings(principal: Principal, input: { organizationId?: string | null; invoicePrefix?: string | null; taxRates?: Array<{ name: string; percent: Decimal }> | null }) {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'change billing settings');
    const orgId = orgIdOf(principal, input.organizationId);
    if (input.invoicePrefix != null && !/^[A-Z0-9]{1,12}$/.test(input.invoicePrefix)) throw badInput('invoicePrefix must be 1 to 12 upper-case letters or digits', 'INVALID_PREFIX', { field: 'invoicePrefix' });
    for (const rate of input.taxRates ?? []) {
      if (!rate.name.trim() || rate.name.length > 100) throw badInput('a tax rate needs a name of 1 to 100 characters', 'INVALID_TAX_RATE', { field: 'taxRates' });
      if (rate.percent.isNegative() || rate.percent.greaterThan(100) || rate.percent.decimalPlaces() > 6) throw badInput('a tax percent is 0 to 100 with at most 6 decimals', 'INVALID_TAX_RATE', { field: 'taxRates' });
    }
    await this.deps.settings.saveSettings(orgId, { invoicePrefix: input.invoicePrefix ?? undefined, taxRates: input.taxRates ?? undefined });
    return this.settings(principal, orgId);
  }

  async createCoupon(
    principal: Principal,
    input: { organizationId?: string | null; name: string; percentOff?: Decimal | null; amountOff?: Decimal | null; currency?: string | null; durationPeriods?: number | null; appliesFrom?: Date | null },
  ): Promise<CouponRow> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'create coupons');
    const orgId = orgIdOf(principal, input.organizationId);
    if ((input.percentOff == null) === (input.amountOff == null)) throw badInput('give exactly one of percentOff and amountOff', 'INVALID_COUPON', { field: 'percentOff' });
    if (input.percentOff && (!input.percentOff.greaterThan(0) || input.percentOff.greaterThan(100))) throw badInput('percentOff must be above 0 and at most 100', 'INVALID_COUPON', { field: 'percentOff' });
    if (input.amountOff && !input.amountOff.greaterThan(0)) throw badInput('amountOff must be above 0', 'INVALID_COUPON', { field: 'amountOff' });
    if (input.amountOff && !(input.currency && isCurrencyCode(input.currency))) throw badInput('a fixed coupon needs its currency', 'INVALID_COUPON', { field: 'currency' });
    if (input.durationPeriods != null && (!Number.isInteger(input.durationPeriods) || input.durationPeriods < 1)) throw badInput('durationPeriods must be a positive whole number', 'INVALID_COUPON', { field: 'durationPeriods' });
    if (!input.name.trim() || input.name.length > 100) throw badInput('name must be 1 to 100 characters', 'INVALID_COUPON', { field: 'name' });
    return this.deps.settings.insertCoupon(
      { orgId, id: uuidv7(), name: input.name.trim(), percentOff: input.percentOff ?? null, amountOff: input.amountOff ?? null, currency: input.amountOff ? input.currency! : null, durationPeriods: input.durationPeriods ?? null, appliesFrom: input.appliesFrom ?? new Date() },
      principal.actor,
    );
  }

  listCoupons(principal: Principal, organizationId?: string | null): Promise<CouponRow[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read coupons');
    return this.deps.settings.listCoupons(orgIdOf(principal, organizationId));
  }

  async setFxRate(principal: Principal, input: FxRateRow): Promise<FxRateRow> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'set FX rates');
    if (!isCurrencyCode(input.base) || !isCurrencyCode(input.quote) || input.base === input.quote) throw badInput('base and quote must be two different supported currencies', 'INVALID_FX_RATE', { field: 'base' });
    if (!input.rate.greaterThan(0)) throw badInput('rate must be above 0', 'INVALID_FX_RATE', { field: 'rate' });
    const saved = await this.deps.settings.upsertFxRate(input);
    this.deps.fxRates.forget();
    return saved;
  }

  listFxRates(principal: Principal, filter: { base?: string | null; quote?: string | null }): Promise<FxRateRow[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read FX rates');
    return this.deps.settings.listFxRates(filter);
  }

  /** Money paid in advance: later invoices draw on it when they are finalized. Idempotent on the key. */
  async addPrepaidBalance(principal: Principal, input: { organizationId?: string | null; amount: Decimal; idempotencyKey: string; reference?: string | null }): Promise<Decimal> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'add prepaid balance');
    const orgId = orgIdOf(principal, input.organizationId);
    if (!input.amount.greaterThan(0)) throw badInput('amount must be above 0', 'INVALID_AMOUNT', { field: 'amount' });
    const settings = await this.settings(principal, orgId);
    await this.deps.invoices.transaction(async (tx) => {
      await this.deps.invoices.lockOrg(tx, orgId);
      if (await this.deps.ledger.findByIdempotencyKey(orgId, `prepaid:${input.idempotencyKey}`, tx)) return;
      await this.deps.ledger.append(tx, {
        orgId,
        id: uuidv7(),
        kind: 'PAYMENT',
        actor: principal.actor,
        sourceType: 'prepaid',
        sourceId: null,
        description: input.reference ?? 'Prepaid balance',
        idempotencyKey: `prepaid:${input.idempotencyKey}`,
        postings: prepaidPostings(settings.currency, input.amount),
      });
    });
    return this.deps.settings.prepaidBalance(orgId, settings.currency);
  }

  prepaidBalance(orgId: string, currency: string): Promise<Decimal> {
    return this.deps.settings.prepaidBalance(orgId, currency);
  }
}
