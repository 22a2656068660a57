import { randomUUID } from 'node:crypto';
import type Decimal from 'decimal.js';
import { CREDIT, Dec, DomainError, LEDGER_ACCOUNTS, ZERO, badInput, creditPostings } from '@tollgate/core';
import { uuidv7, type LedgerFilter, type LedgerRepository, type LedgerTransactionView, type OrganizationsRepository, type QuotasRepository } from '@tollgate/db';
import type { QuotaService, QuotaSubject } from '../quotas/quota.service';
import type { DataSource } from 'typeorm';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import { decodeCursor, pageSize, toPage, type Page } from '../pagination/cursor';
import { requestHash } from '../usage/request-hash';

export interface TopUpCreditsInput {
  idempotencyKey: string;
  credits: Decimal;
  /** Replenish this quota for its current period (the credits also go to the wallet). */
  quotaSubject?: QuotaSubject | null;
  kind?: 'TOP_UP' | 'GRANT' | null;
  projectId?: string | null;
  description?: string | null;
}

export interface MoneyBalance {
  currency: string;
  amount: Decimal;
}

export interface AccountBalance {
  account: string;
  projectId: string | null;
  asset: string;
  balance: Decimal;
}

/** What an org holds: credits left, usage spend accrued, and every account in detail. */
export interface BalanceView {
  credits: Decimal;
  spend: MoneyBalance[];
  accounts: AccountBalance[];
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Credits in, balances and the journal out. Every write is one balanced, append-only transaction. */
export class LedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly orgs: OrganizationsRepository,
    private readonly quotas: QuotaService,
    private readonly quotaTopUps: QuotasRepository,
  ) {}

  /** Adds credits (bought or granted). Idempotent on the key; other input under it is CONFLICT. */
  async topUpCredits(principal: Principal, input: TopUpCreditsInput): Promise<LedgerTransactionView> {
    requireRole(principal, ROLES.admins, 'add credits');
    const orgId = orgIdOf(principal);
    if (!input.idempotencyKey || input.idempotencyKey.length > 200) throw badInput('idempotencyKey must be 1 to 200 characters', 'INVALID_KEY', { field: 'idempotencyKey' });
    if (!input.credits.isPositive() || input.credits.isZero()) throw badInput('credits must be more than zero', 'INVALID_AMOUNT', { field: 'credits' });
    if (input.credits.decimalPlaces() > 12) throw badInput('credits has more than 12 decimal places', 'INVALID_AMOUNT', { field: 'credits' });
    if (input.projectId && !(await this.orgs.findProjectIds(orgId, [input.projectId])).has(input.projectId)) {
      throw new DomainError('NOT_FOUND', `Project ${input.projectId} not found`, { reason: 'UNKNOWN_PROJECT' });
    }
    const quota = input.quotaSubject ? await this.quotas.findAssignmentOrThrow(orgId, input.quotaSubject) : null;
    const kind = input.kind ?? 'TOP_UP';
    const hash = requestHash({ ...input, kind });
    const id = randomUUID();
    try {
      await this.dataSource.transaction(async (tx) => {
        await this.ledger.append(tx, {
          orgId,
          id,
          kind,
          actor: principal.actor,
          sourceType: 'credit_top_up',
          sourceId: input.idempotencyKey,
          description: input.description ?? null,
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          postings: creditPostings(input.credits, kind === 'GRANT' ? 'GRANT' : 'TOP_UP', input.projectId ?? null),
        });
        if (quota) {
          await this.quotaTopUps.insertTopUp(tx, { orgId, id: uuidv7(), subjectType: quota.subjectType, subjectId: quota.subjectId, credits: input.credits, ledgerTransactionId: id });
        }
      });
      if (quota) this.quotas.forget(orgId);
      return this.findTransactionOrThrow(orgId, id);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.ledger.findByIdempotencyKey(orgId, input.idempotencyKey);
      if (!winner) throw error;
      if (winner.requestHash !== hash) {
        throw new DomainError('CONFLICT', `Idempotency key "${input.idempotencyKey}" was already used with different input`, { reason: 'IDEMPOTENCY_KEY_REUSED' });
      }
      return this.findTransactionOrThrow(orgId, winner.id);
    }
  }

  async balance(principal: Principal, projectId?: string | null): Promise<BalanceView> {
    requireRole(principal, ROLES.readers, 'read balances');
    const rows = await this.ledger.balances(orgIdOf(principal), projectId);
    const accounts = rows.map((row) => ({ ...row, balance: new Dec(row.balance) }));
    const credits = accounts.filter((a) => a.account === LEDGER_ACCOUNTS.creditWallet && a.asset === CREDIT).reduce((sum, a) => sum.plus(a.balance), ZERO);
    const spend = new Map<string, Decimal>();
    for (const a of accounts) if (a.account === LEDGER_ACCOUNTS.usageSpend) spend.set(a.asset, (spend.get(a.asset) ?? ZERO).plus(a.balance));
    return { credits, spend: [...spend].map(([currency, amount]) => ({ currency, amount })), accounts };
  }

  async ledgerEntries(principal: Principal, filter: LedgerFilter, first?: number | null, after?: string | null): Promise<Page<LedgerTransactionView>> {
    requireRole(principal, ROLES.readers, 'read the ledger');
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const rows = await this.ledger.page(orgIdOf(principal), filter, limit + 1, cursor && { createdAt: cursor.at, id: cursor.id });
    return toPage(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
  }

  async findTransactionOrThrow(orgId: string, id: string): Promise<LedgerTransactionView> {
    const [found] = await this.ledger.findTransactions(orgId, [id]);
    if (!found) throw new DomainError('NOT_FOUND', `Ledger transaction ${id} not found`);
    return found;
  }
}
