import type { Posting } from '@tollgate/core';
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

/** Appends to the ledger. PostgreSQL refuses anything unbalanced or any change to what is there. */
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the transaction and all its postings (in one statement, as the balance trigger requires). */
  async append(tx: EntityManager, draft: LedgerTransactionDraft): Promise<void> {
    await tx.query(
      `INSERT INTO ledger_transactions (org_id, id, kind, actor, source_type, source_id, description, idempotency_key, request_hash, reverses_transaction_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
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
      ],
    );
    await tx.query(
      `INSERT INTO ledger_postings (org_id, transaction_id, seq, account, project_id, asset, amount)
       SELECT $1, $2, t.seq - 1, t.account, t.project_id, t.asset, t.amount
         FROM unnest($3::text[], $4::uuid[], $5::text[], $6::numeric[]) WITH ORDINALITY AS t(account, project_id, asset, amount, seq)`,
      [
        draft.orgId,
        draft.id,
        draft.postings.map((p) => p.account),
        draft.postings.map((p) => p.projectId),
        draft.postings.map((p) => p.asset),
        draft.postings.map((p) => p.amount.toFixed()),
      ],
    );
  }

  /** A transaction found by its idempotency key, with the hash of the request that created it. */
  async findByIdempotencyKey(orgId: string, key: string): Promise<{ id: string; requestHash: string | null } | null> {
    const rows = await this.dataSource.query(
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
}
