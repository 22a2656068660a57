import type Decimal from 'decimal.js';
import {
  DomainError,
  ZERO,
  allocateChargeback,
  badInput,
  chargebackJournalCsv,
  lastEndedLocalMonth,
  localDateSpan,
  localMonth,
  sumDecimals,
  type SharedSplit,
} from '@tollgate/core';
import { uuidv7, type AllocationRuleKind, type AllocationRuleRow, type ChargebacksRepository, type CostCenterRow, type BillingSettingsRepository, type SpendGroup } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';

export interface ChargebackLine {
  costCenter: CostCenterRow;
  direct: Decimal;
  shared: Decimal;
  total: Decimal;
}

export interface ChargebackStatement {
  period: string;
  periodStart: Date;
  periodEnd: Date;
  currency: string;
  /** True once the monthly job has written it; before that it is computed from current usage. */
  final: boolean;
  total: Decimal;
  unclaimed: Decimal;
  lines: ChargebackLine[];
}

/** Rules are tried by priority (lowest first), then tag before user before project: the most specific claim wins. */
const KIND_ORDER: Record<AllocationRuleKind, number> = { TAG: 0, USER: 1, PROJECT: 2 };
const CLEARING_ACCOUNT = 'AI-SPEND-CLEARING';

function claimOf(rules: readonly AllocationRuleRow[], group: SpendGroup): AllocationRuleRow | null {
  for (const rule of rules) {
    if (rule.kind === 'PROJECT' && group.projectId === rule.matchKey) return rule;
    if (rule.kind === 'USER' && group.userId === rule.matchKey) return rule;
    if (rule.kind === 'TAG' && group.tags[rule.matchKey] === rule.matchValue) return rule;
  }
  return null;
}

/**
 * Chargebacks: each month's AI spend split between cost centers. Rules claim
 * spend by project, user or tag; what no rule claims is shared in proportion
 * to direct spend or by fixed percentages; amounts are whole minor units
 * that sum exactly to the month's spend. A monthly job writes the statements.
 */
export class ChargebackService {
  constructor(
    private readonly chargebacks: ChargebacksRepository,
    private readonly settings: BillingSettingsRepository,
  ) {}

  async createCostCenter(principal: Principal, input: { organizationId?: string | null; code: string; name: string; account?: string | null }): Promise<CostCenterRow> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'create cost centers');
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(input.code)) throw badInput('code must be 1 to 63 letters, digits, dots, dashes or underscores', 'INVALID_COST_CENTER', { field: 'code' });
    if (!input.name.trim() || input.name.length > 200) throw badInput('name must be 1 to 200 characters', 'INVALID_COST_CENTER', { field: 'name' });
    const account = input.account?.trim() || input.code;
    if (account.length > 64) throw badInput('account must be at most 64 characters', 'INVALID_COST_CENTER', { field: 'account' });
    try {
      return await this.chargebacks.insertCostCenter({ orgId: orgIdOf(principal, input.organizationId), id: uuidv7(), code: input.code, name: input.name.trim(), account });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new DomainError('CONFLICT', `A cost center with code "${input.code}" exists`);
      throw error;
    }
  }

  listCostCenters(principal: Principal, organizationId?: string | null): Promise<CostCenterRow[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read cost centers');
    return this.chargebacks.listCostCenters(orgIdOf(principal, organizationId));
  }

  async setAllocationRule(
    principal: Principal,
    input: { organizationId?: string | null; costCenterId: string; projectId?: string | null; userId?: string | null; tag?: { key: string; value: string } | null; priority?: number | null },
  ): Promise<AllocationRuleRow> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'set allocation rules');
    const orgId = orgIdOf(principal, input.organizationId);
    const given = [input.projectId, input.userId, input.tag].filter((v) => v != null);
    if (given.length !== 1) throw badInput('a rule matches exactly one of projectId, userId or tag', 'INVALID_RULE', { field: 'projectId' });
    if (input.priority != null && (!Number.isInteger(input.priority) || input.priority < 0 || input.priority > 10_000)) throw badInput('priority must be 0 to 10000', 'INVALID_RULE', { field: 'priority' });
    await this.findCostCenter(orgId, input.costCenterId);
    const [kind, matchKey, matchValue]: [AllocationRuleKind, string, string] = input.projectId
      ? ['PROJECT', input.projectId, '']
      : input.userId
        ? ['USER', input.userId, '']
        : ['TAG', input.tag!.key, input.tag!.value];
    if (!matchKey.trim()) throw badInput('the matched value must not be empty', 'INVALID_RULE', { field: kind === 'TAG' ? 'tag' : kind === 'USER' ? 'userId' : 'projectId' });
    return this.chargebacks.upsertRule({ orgId, id: uuidv7(), costCenterId: input.costCenterId, kind, matchKey, matchValue, priority: input.priority ?? 100 });
  }

  async deleteAllocationRule(principal: Principal, id: string, organizationId?: string | null): Promise<boolean> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'delete allocation rules');
    if (!(await this.chargebacks.deleteRule(orgIdOf(principal, organizationId), id))) throw new DomainError('NOT_FOUND', `Allocation rule ${id} not found`);
    return true;
  }

  listAllocationRules(principal: Principal, organizationId?: string | null): Promise<AllocationRuleRow[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read allocation rules');
    return this.chargebacks.listRules(orgIdOf(principal, organizationId));
  }

  /** Fixed shares of unclaimed spend; they must sum to 100. An empty list goes back to shares proportional to direct spend. */
  async setSharedCostSplit(principal: Principal, input: { organizationId?: string | null; shares: Array<{ costCenterId: string; percent: Decimal }> }): Promise<CostCenterRow[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'split shared spend');
    const orgId = orgIdOf(principal, input.organizationId);
    const centers = new Set((await this.chargebacks.listCostCenters(orgId)).map((c) => c.id));
    for (const share of input.shares) {
      if (!centers.has(share.costCenterId)) throw new DomainError('NOT_FOUND', `Cost center ${share.costCenterId} not found`);
      if (share.percent.isNegative() || share.percent.greaterThan(100)) throw badInput('a share is 0 to 100 percent', 'SHARED_SPLIT_INVALID', { field: 'shares' });
    }
    const sum = sumDecimals(input.shares.map((s) => s.percent));
    if (input.shares.length && !sum.equals(100)) throw badInput(`shares must sum to 100%, not ${sum.toFixed()}%`, 'SHARED_SPLIT_INVALID', { field: 'shares' });
    if (new Set(input.shares.map((s) => s.costCenterId)).size !== input.shares.length) throw badInput('each cost center appears once', 'SHARED_SPLIT_INVALID', { field: 'shares' });
    await this.chargebacks.setSharedPercents(orgId, input.shares);
    return this.chargebacks.listCostCenters(orgId);
  }

  /** The statement of a month ("YYYY-MM" in the org's zone): as written by the monthly job, or computed now if not written yet. */
  async statement(principal: Principal, period: string, organizationId?: string | null): Promise<ChargebackStatement> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read chargeback statements');
    const orgId = orgIdOf(principal, organizationId);
    const settings = await this.settings.settings(orgId);
    if (!settings) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);
    const month = localMonth(period, settings.timezone);
    const [stored, centers] = await Promise.all([this.chargebacks.statements(orgId, month.start), this.chargebacks.listCostCenters(orgId)]);
    if (stored.length) {
      const byId = new Map(centers.map((c) => [c.id, c]));
      const lines = stored.map((row) => ({ costCenter: byId.get(row.costCenterId)!, direct: row.direct, shared: row.shared, total: row.total })).sort((a, b) => a.costCenter.code.localeCompare(b.costCenter.code));
      const total = sumDecimals(lines.map((l) => l.total));
      return { period, periodStart: month.start, periodEnd: month.end, currency: stored[0]!.currency, final: true, total, unclaimed: sumDecimals(lines.map((l) => l.shared)), lines };
    }
    return this.compute(orgId, settings.currency, period, month, centers);
  }

  /** The month as a CSV journal: a debit per cost center account, one credit to the clearing account. */
  async journal(principal: Principal, period: string, organizationId?: string | null): Promise<string> {
    const statement = await this.statement(principal, period, organizationId);
    const settings = (await this.settings.settings(orgIdOf(principal, organizationId)))!;
    const date = localDateSpan(statement.periodStart, statement.periodEnd, settings.timezone).split(' – ')[1]!;
    return chargebackJournalCsv({ date, currency: statement.currency, clearingAccount: CLEARING_ACCOUNT, lines: statement.lines.map((l) => ({ account: l.costCenter.account, costCenter: l.costCenter.code, amount: l.total })) });
  }

  /** The monthly job: writes the last ended month's statements of every org with cost centers that has none yet. Returns how many orgs were closed. */
  async closeEndedMonths(now: Date): Promise<number> {
    let closed = 0;
    for (const org of await this.chargebacks.orgsWithCostCenters()) {
      const period = lastEndedLocalMonth(now, org.timezone);
      const month = localMonth(period, org.timezone);
      if ((await this.chargebacks.statements(org.orgId, month.start)).length) continue;
      const statement = await this.compute(org.orgId, org.currency, period, month, await this.chargebacks.listCostCenters(org.orgId));
      await this.chargebacks.insertStatements(
        org.orgId,
        statement.lines.map((l) => ({ costCenterId: l.costCenter.id, periodStart: month.start, periodEnd: month.end, currency: statement.currency, direct: l.direct, shared: l.shared, total: l.total })),
      );
      closed += 1;
    }
    return closed;
  }

  private async compute(orgId: string, currency: string, period: string, month: { start: Date; end: Date }, centers: CostCenterRow[]): Promise<ChargebackStatement> {
    if (centers.length === 0) throw new DomainError('CONFLICT', 'The organization has no cost centers', { reason: 'NO_COST_CENTERS' });
    const fxRates = await this.settings.fxRatesTo(currency, month.end);
    const [{ groups, missingFx }, rules] = await Promise.all([this.chargebacks.spendGroups(orgId, month.start, month.end, currency, fxRates), this.chargebacks.listRules(orgId)]);
    if (missingFx.length) throw new DomainError('CONFLICT', `No FX rate from ${missingFx.join(', ')} to ${currency} in force at ${month.end.toISOString()}`, { reason: 'NO_FX_RATE' });
    const ordered = [...rules].sort((a, b) => a.priority - b.priority || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    const direct = new Map<string, Decimal>();
    let unclaimed = ZERO;
    for (const group of groups) {
      const rule = claimOf(ordered, group);
      if (rule) direct.set(rule.costCenterId, (direct.get(rule.costCenterId) ?? ZERO).plus(group.amount));
      else unclaimed = unclaimed.plus(group.amount);
    }
    const fixed = centers.filter((c) => c.sharedPercent !== null);
    const split: SharedSplit = fixed.length ? { kind: 'FIXED', percents: new Map(fixed.map((c) => [c.id, c.sharedPercent!])) } : { kind: 'PROPORTIONAL' };
    const { total, allocations } = allocateChargeback({ currency, costCenterIds: centers.map((c) => c.id), direct, unclaimed, split });
    const lines = allocations.map((a, i) => ({ costCenter: centers[i]!, direct: a.direct, shared: a.shared, total: a.total }));
    return { period, periodStart: month.start, periodEnd: month.end, currency, final: false, total, unclaimed: sumDecimals(lines.map((l) => l.shared)), lines };
  }

  private async findCostCenter(orgId: string, id: string): Promise<CostCenterRow> {
    const center = (await this.chargebacks.listCostCenters(orgId)).find((c) => c.id === id);
    if (!center) throw new DomainError('NOT_FOUND', `Cost center ${id} not found`);
    return center;
  }
}
