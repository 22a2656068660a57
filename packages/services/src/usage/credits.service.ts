import type Decimal from 'decimal.js';
import { Dec, badInput, isCurrencyCode, type CreditRate, type CreditValue } from '@tollgate/core';
import type { CreditsRepository } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { CreditSettings } from './credit-settings';

export interface SetCreditRateInput {
  feature: string;
  kind: CreditRate['kind'];
  credits: Decimal;
  perUnits?: Decimal | null;
  unit?: string | null;
  effectiveFrom?: Date | null;
}

export interface SetCreditValueInput {
  amount: Decimal;
  currency: string;
  effectiveFrom?: Date | null;
}

/** An org's credit rates for actions and workflows and the money value of a credit, both versioned. */
export class CreditsService {
  constructor(
    private readonly repository: CreditsRepository,
    private readonly settings: CreditSettings,
  ) {}

  async setCreditRate(principal: Principal, input: SetCreditRateInput): Promise<CreditRate> {
    requireRole(principal, ROLES.admins, 'set credit rates');
    const feature = input.feature.trim();
    if (!/^[a-z0-9][a-z0-9_.-]{0,99}$/.test(feature)) throw badInput('feature must be lower-case letters, digits, "_", "." or "-"', 'INVALID_FEATURE', { field: 'feature' });
    if (input.credits.isNegative()) throw badInput('credits must not be negative', 'INVALID_AMOUNT', { field: 'credits' });
    const perUnits = input.perUnits ?? null;
    if (perUnits && !perUnits.isPositive()) throw badInput('perUnits must be more than zero', 'INVALID_AMOUNT', { field: 'perUnits' });
    const rate: CreditRate = {
      feature,
      kind: input.kind,
      credits: input.credits,
      perUnits: perUnits ?? new Dec(1),
      unit: input.unit ?? (input.kind === 'WORKFLOW' ? 'step' : 'unit'),
      effectiveFrom: input.effectiveFrom ?? new Date(),
    };
    await this.repository.upsertRate(orgIdOf(principal), rate, principal.actor);
    this.settings.forget(orgIdOf(principal));
    return rate;
  }

  /** The org's own rate versions followed by the configured defaults it has not replaced. */
  async creditRates(principal: Principal): Promise<Array<CreditRate & { isDefault: boolean }>> {
    requireRole(principal, ROLES.preflight, 'read credit rates');
    const own = await this.repository.listRates(orgIdOf(principal));
    const overridden = new Set(own.map((rate) => rate.feature));
    return [...own.map((rate) => ({ ...rate, isDefault: false })), ...this.settings.defaults().filter((rate) => !overridden.has(rate.feature)).map((rate) => ({ ...rate, isDefault: true }))];
  }

  async setCreditValue(principal: Principal, input: SetCreditValueInput): Promise<CreditValue> {
    requireRole(principal, ROLES.admins, 'set the credit value');
    if (!input.amount.isPositive() || input.amount.isZero()) throw badInput('amount must be more than zero', 'INVALID_AMOUNT', { field: 'amount' });
    if (!isCurrencyCode(input.currency)) throw badInput(`currency "${input.currency}" is not supported`, 'INVALID_CURRENCY', { field: 'currency' });
    const value: CreditValue = { amount: input.amount, currency: input.currency, effectiveFrom: input.effectiveFrom ?? new Date() };
    await this.repository.upsertValue(orgIdOf(principal), value, principal.actor);
    this.settings.forget(orgIdOf(principal));
    return value;
  }
}
