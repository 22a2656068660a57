import type { DataSource } from 'typeorm';

export type BillingRunStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';

export interface BillingRunRow {
  orgId: string;
  id: string;
  subscriptionId: string;
  periodStart: Date;
  periodEnd: Date;
  status: BillingRunStatus;
  stage: string | null;
  attempts: number;
  invoiceId: string | null;
  error: string | null;
  requestedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A subscription with what the scheduler needs to find its ended periods. */
export interface BillableSubscriptionRow {
  orgId: string;
  id: string;
  anchor: 'CALENDAR' | 'ANNIVERSARY';
  billingInterval: 'MONTHLY' | 'QUARTERLY' | 'YEARLY';
  startedAt: Date;
  endsAt: Date | null;
  timezone: string;
  /** End of the last period invoiced, if any. */
  billedUntil: Date | null;
}

const RUN = `org_id AS "orgId", id, subscription_id AS "subscriptionId", period_start AS "periodStart", period_end AS "periodEnd", status, stage,
  attempts, invoice_id AS "invoiceId", error, requested_by AS "requestedBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** One billing run per subscription and period: the job's progress, readable through the API. */
export class BillingRunsRepository {
  /**
   * `progress` is a pool with synchronous_commit off: a run's status rows are
   * a view of the job, rewritten by its next attempt, so a commit lost in a
   * crash costs nothing and progress writes skip a WAL flush each.
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly progress: { query(text: string, values?: unknown[]): Promise<unknown> } = dataSource,
  ) {}

  /** Records runs about to be enqueued; a run that exists is left as it is. Returns every requested run as stored. */
  async upsert(runs: ReadonlyArray<Pick<BillingRunRow, 'orgId' | 'id' | 'subscriptionId' | 'periodStart' | 'periodEnd' | 'requestedBy'>>): Promise<BillingRunRow[]> {
    if (runs.length === 0) return [];
    await this.dataSource.query(
      `INSERT INTO billing_runs (org_id, id, subscription_id, period_start, period_end, status, requested_by)
       SELECT t.org_id, t.id, t.subscription_id, t.period_start, t.period_end, 'QUEUED', t.requested_by
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[]) AS t(org_id, id, subscription_id, period_start, period_end, requested_by)
       ON CONFLICT DO NOTHING`,
      [runs.map((r) => r.orgId), runs.map((r) => r.id), runs.map((r) => r.subscriptionId), runs.map((r) => r.periodStart), runs.map((r) => r.periodEnd), runs.map((r) => r.requestedBy)],
    );
    return this.dataSource.query(
      `SELECT ${RUN} FROM billing_runs WHERE (org_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::text[])) ORDER BY period_start, id`,
      [runs.map((r) => r.orgId), runs.map((r) => r.id)],
    );
  }

  async update(orgId: string, id: string, patch: { status: BillingRunStatus; stage?: string | null; invoiceId?: string | null; error?: string | null; attempt?: boolean }): Promise<void> {
    await this.progress.query(
      `UPDATE billing_runs SET status = $3, stage = coalesce($4, stage), invoice_id = coalesce($5, invoice_id), error = $6,
              attempts = attempts + $7, updated_at = now()
        WHERE org_id = $1 AND id = $2`,
      [orgId, id, patch.status, patch.stage ?? null, patch.invoiceId ?? null, patch.error ?? null, patch.attempt ? 1 : 0],
    );
  }

  list(orgId: string, filter: { status?: BillingRunStatus | null; subscriptionId?: string | null }, limit: number): Promise<BillingRunRow[]> {
    return this.dataSource.query(
      `SELECT ${RUN} FROM billing_runs WHERE org_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR subscription_id = $3)
        ORDER BY period_start DESC, created_at DESC LIMIT $4`,
      [orgId, filter.status ?? null, filter.subscriptionId ?? null, limit],
    );
  }

  /** Subscriptions still running at `since` (all orgs, or one), with their zone, interval and what is billed already. */
  billableSubscriptions(since: Date, orgId?: string | null): Promise<BillableSubscriptionRow[]> {
    return this.dataSource.query(
      `SELECT s.org_id AS "orgId", s.id, s.anchor, p.billing_interval AS "billingInterval", s.started_at AS "startedAt", s.ends_at AS "endsAt",
              o.timezone, (SELECT max(i.period_end) FROM invoices i WHERE i.org_id = s.org_id AND i.subscription_id = s.id) AS "billedUntil"
         FROM subscriptions s JOIN organizations o ON o.id = s.org_id JOIN plans p ON p.id = s.plan_id
        WHERE ($1::uuid IS NULL OR s.org_id = $1) AND s.started_at < $2`,
      [orgId ?? null, since],
    );
  }
}
