import { Dec, type Posting } from '@tollgate/core';
import { preparedQuery } from '../prepared-query';
import type Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';

export type LedgerTransactionKind = 'USAGE' | 'TOP_UP' | 'GRANT' | 'REVERSAL' | 'INVOICE' | 'PAYMENT' | 'CHARGEBACK';

/** A balanced transaction to append: who did it, why, and its legs. */
export interface LedgerTransactionDraft {
  orgId: string;
  id: string;
  kind: LedgerTransactionKind;
  actor: string;
  sourceType: string;
  sourceId: string | null;
  description: string | null;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  reversesTransactionId?: string | null;
  postings: readonly Posting[];
}

const TRANSACTION_COLUMNS = `t.id, t.kind, t.actor, t.source_type AS "sourceType", t.source_id AS "sourceId", t.description,
  t.reverses_transaction_id AS "reversesTransactionId", t.created_at AS "createdAt"`;

/** Appends to the ledger. PostgreSQL refuses anything unbalanced or any change to what is there. */
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the transaction and all its postings in one statement (one round
   * trip, and the balance trigger sees every leg at once).
   */
  async append(tx: EntityManager, draft: LedgerTransactionDraft): Promise<void> {
    await preparedQuery(
      tx,
      'tollgate_append_ledger_transaction',
      `WITH header AS (
         INSERT INTO ledger_transactions (org_id, id, kind, actor, source_type, source_id, description, idempotency_key, request_hash, reverses_transaction_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         RETURNING org_id, id
       )
       INSERT INTO ledger_postings (org_id, transaction_id, seq, account, project_id, asset, amount)
       SELECT header.org_id, header.id, t.seq - 1, t.account, t.project_id, t.asset, t.amount
         FROM header, unnest($11::text[], $12::uuid[], $13::text[], $14::numeric[]) WITH ORDINALITY AS t(account, project_id, asset, amount, seq)`,
      [
        draft.orgId,
        draft.id,
        draft.kind,
        draft.actor,
        draft.sourceType,
        draft.sourceId,
        draft.description,
        draft.idempotencyKey ?? null,
        draft.requestHash ?? null,
        draft.reversesTransactionId ?? null,
        draft.postings.map((p) => p.account),
        draft.postings.map((p) => p.projectId),
        draft.postings.map((p) => p.asset),
        draft.postings.map((p) => p.amount.toFixed()),
      ],
    );
  }

  /** A transaction found by its idempotency key, with the hash of the request that created it. */
  async findByIdempotencyKey(orgId: string, key: string, q: Pick<DataSource, 'query'> = this.dataSource): Promise<{ id: string; requestHash: string | null } | null> {
    const rows = await q.query(
      `SELECT id, request_hash AS "requestHash" FROM ledger_transactions WHERE org_id = $1 AND idempotency_key = $2`,
      [orgId, key],
    );
    return rows[0] ?? null;
  }

  /** Balance of every account, asset and project of an org (the sum of its postings). */
  balances(orgId: string, projectId?: string | null): Promise<Array<{ account: string; projectId: string | null; asset: string; balance: string }>> {
    const byProject = projectId ? ' AND project_id = $2' : '';
    return this.dataSource.query(
      `SELECT account, project_id AS "projectId", asset, sum(amount)::text AS balance
         FROM ledger_postings WHERE org_id = $1${byProject}
        GROUP BY account, project_id, asset ORDER BY account, asset, project_id NULLS FIRST`,
      projectId ? [orgId, projectId] : [orgId],
    );
  }

  /** A page of an org's transactions with their postings, newest first, after a (createdAt, id) cursor. */
  async page(orgId: string, filter: LedgerFilter, limit: number, after: { createdAt: Date; id: string } | null): Promise<LedgerTransactionView[]> {
    const params: unknown[] = [orgId, limit];
    const where = ['t.org_id = $1'];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (after) {
      params.push(after.createdAt.toISOString(), after.id);
      where.push(`(t.created_at, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    if (filter.kind) add('t.kind = ?', filter.kind);
    if (filter.from) add('t.created_at >= ?', filter.from);
    if (filter.to) add('t.created_at < ?', filter.to);
    if (filter.account || filter.asset || filter.projectId) {
      const conditions = ['p.org_id = t.org_id', 'p.transaction_id = t.id'];
      if (filter.account) conditions.push(`p.account = $${params.push(filter.account)}`);
      if (filter.asset) conditions.push(`p.asset = $${params.push(filter.asset)}`);
      if (filter.projectId) conditions.push(`p.project_id = $${params.push(filter.projectId)}`);
      where.push(`EXISTS (SELECT 1 FROM ledger_postings p WHERE ${conditions.join(' AND ')})`);
    }
    const transactions: LedgerTransactionView[] = await this.dataSource.query(
      `SELECT ${TRANSACTION_COLUMNS} FROM ledger_transactions t WHERE ${where.join(' AND ')}
        ORDER BY t.created_at DESC, t.id DESC LIMIT $2`,
      params,
    );
    return this.withPostings(orgId, transactions);
  }

  /** Transactions by id, with their postings. */
  async findTransactions(orgId: string, ids: readonly string[]): Promise<LedgerTransactionView[]> {
    const transactions: LedgerTransactionView[] = await this.dataSource.query(
      `SELECT ${TRANSACTION_COLUMNS} FROM ledger_transactions t WHERE t.org_id = $1 AND t.id = ANY($2::uuid[])`,
      [orgId, ids],
    );
    return this.withPostings(orgId, transactions);
  }

  private async withPostings(orgId: string, transactions: LedgerTransactionView[]): Promise<LedgerTransactionView[]> {
    if (transactions.length === 0) return [];
    const postings: Array<Omit<LedgerPostingView, 'amount'> & { transactionId: string; amount: string }> = await this.dataSource.query(
      `SELECT transaction_id AS "transactionId", seq, account, project_id AS "projectId", asset, amount::text AS amount
         FROM ledger_postings WHERE org_id = $1 AND transaction_id = ANY($2::uuid[]) ORDER BY transaction_id, seq`,
      [orgId, transactions.map((t) => t.id)],
    );
    const byTransaction = new Map<string, LedgerPostingView[]>();
    for (const { transactionId, amount, ...posting } of postings) {
      byTransaction.set(transactionId, [...(byTransaction.get(transactionId) ?? []), { ...posting, amount: new Dec(amount) }]);
    }
    return transactions.map((t) => ({ ...t, postings: byTransaction.get(t.id) ?? [] }));
  }
}

export interface LedgerFilter {
  kind?: LedgerTransactionKind | null;
  account?: string | null;
  asset?: string | null;
  projectId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface LedgerPostingView {
  seq: number;
  account: string;
  projectId: string | null;
  asset: string;
  amount: Decimal;
}

/** A stored transaction as read back: the draft's header, when it was posted, and its numbered legs. */
export interface LedgerTransactionView
  extends Pick<LedgerTransactionDraft, 'id' | 'kind' | 'actor' | 'sourceType' | 'sourceId' | 'description'> {
  reversesTransactionId: string | null;
  createdAt: Date;
  postings: LedgerPostingView[];
}
