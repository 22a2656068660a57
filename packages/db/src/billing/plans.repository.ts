import { Dec, type BillingAnchor, type BillingInterval } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';

/** A charge of a plan as stored: what the meter counts and how it is priced (decimals as strings). */
export interface StoredCharge {
  code: string;
  name: string;
  meter: { aggregation: string; provider?: string | null; model?: string | null; category?: string | null; feature?: string | null; tags?: Record<string, string> | null };
  model: Record<string, unknown>;
}

export interface PlanRow {
  id: string;
  code: string;
  name: string;
  currency: string;
  billingInterval: BillingInterval;
  baseFee: Decimal;
  includedCredits: Decimal;
  minimumCommitment: Decimal;
  charges: StoredCharge[];
  createdAt: Date;
  updatedAt: Date;
}

export interface SubscriptionRow {
  orgId: string;
  id: string;
  planId: string;
  anchor: BillingAnchor;
  startedAt: Date;
  endsAt: Date | null;
  pendingPlanId: string | null;
  createdAt: Date;
}

export interface PlanChangeRow {
  fromPlanId: string;
  toPlanId: string;
  kind: 'UPGRADE' | 'DOWNGRADE';
  effectiveAt: Date;
}

const PLAN = `id, code, name, currency, billing_interval AS "billingInterval", base_fee::text AS "baseFee", included_credits::text AS "includedCredits",
  minimum_commitment::text AS "minimumCommitment", charges, created_at AS "createdAt", updated_at AS "updatedAt"`;
const SUBSCRIPTION = `org_id AS "orgId", id, plan_id AS "planId", anchor, started_at AS "startedAt", ends_at AS "endsAt", pending_plan_id AS "pendingPlanId", created_at AS "createdAt"`;

const toPlan = (row: Record<string, unknown>): PlanRow => ({
  ...(row as unknown as PlanRow),
  currency: String(row.currency).trim(),
  baseFee: new Dec(row.baseFee as string),
  includedCredits: new Dec(row.includedCredits as string),
  minimumCommitment: new Dec(row.minimumCommitment as string),
});

/** Plans (the operator's price list) and the subscriptions of orgs to them. */
export class PlansRepository {
  constructor(private readonly dataSource: DataSource) {}

  async upsertPlan(plan: Omit<PlanRow, 'createdAt' | 'updatedAt'>): Promise<PlanRow> {
    const rows = await this.dataSource.query(
      `INSERT INTO plans (id, code, name, currency, billing_interval, base_fee, included_credits, minimum_commitment, charges)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, currency = EXCLUDED.currency, billing_interval = EXCLUDED.billing_interval,
         base_fee = EXCLUDED.base_fee, included_credits = EXCLUDED.included_credits, minimum_commitment = EXCLUDED.minimum_commitment,
         charges = EXCLUDED.charges, updated_at = now()
       RETURNING ${PLAN}`,
      [plan.id, plan.code, plan.name, plan.currency, plan.billingInterval, plan.baseFee.toFixed(), plan.includedCredits.toFixed(), plan.minimumCommitment.toFixed(), JSON.stringify(plan.charges)],
    );
    return toPlan(rows[0]);
  }

  async findPlan(id: string): Promise<PlanRow | null> {
    const rows = await this.dataSource.query(`SELECT ${PLAN} FROM plans WHERE id = $1`, [id]);
    return rows[0] ? toPlan(rows[0]) : null;
  }

  async listPlans(): Promise<PlanRow[]> {
    const rows = await this.dataSource.query(`SELECT ${PLAN} FROM plans ORDER BY code`);
    return rows.map(toPlan);
  }

  async insertSubscription(subscription: Omit<SubscriptionRow, 'createdAt' | 'endsAt' | 'pendingPlanId'>): Promise<SubscriptionRow> {
    const rows = await this.dataSource.query(
      `INSERT INTO subscriptions (org_id, id, plan_id, anchor, started_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${SUBSCRIPTION}`,
      [subscription.orgId, subscription.id, subscription.planId, subscription.anchor, subscription.startedAt],
    );
    return rows[0];
  }

  async findSubscription(orgId: string, id: string): Promise<SubscriptionRow | null> {
    const rows = await this.dataSource.query(`SELECT ${SUBSCRIPTION} FROM subscriptions WHERE org_id = $1 AND id = $2`, [orgId, id]);
    return rows[0] ?? null;
  }

  listSubscriptions(orgId: string): Promise<SubscriptionRow[]> {
    return this.dataSource.query(`SELECT ${SUBSCRIPTION} FROM subscriptions WHERE org_id = $1 ORDER BY started_at`, [orgId]);
  }

  /** Records a plan change and applies it: now (upgrade) or as the plan pending for the next period (downgrade). */
  async changePlan(change: { orgId: string; id: string; subscriptionId: string; fromPlanId: string; toPlanId: string; kind: 'UPGRADE' | 'DOWNGRADE'; effectiveAt: Date; createdBy: string }): Promise<SubscriptionRow> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO subscription_plan_changes (org_id, id, subscription_id, from_plan_id, to_plan_id, kind, effective_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [change.orgId, change.id, change.subscriptionId, change.fromPlanId, change.toPlanId, change.kind, change.effectiveAt, change.createdBy],
      );
      const set = change.kind === 'UPGRADE' ? 'plan_id = $3, pending_plan_id = NULL' : 'pending_plan_id = $3';
      const [rows] = await tx.query(
        `UPDATE subscriptions SET ${set}, updated_at = now() WHERE org_id = $1 AND id = $2 RETURNING ${SUBSCRIPTION}`,
        [change.orgId, change.subscriptionId, change.toPlanId],
      );
      return rows[0];
    });
  }

  async cancel(orgId: string, id: string, endsAt: Date): Promise<SubscriptionRow | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE subscriptions SET ends_at = $3, updated_at = now() WHERE org_id = $1 AND id = $2 AND (ends_at IS NULL OR ends_at > $3) RETURNING ${SUBSCRIPTION}`,
      [orgId, id, endsAt],
    );
    return rows[0] ?? null;
  }

  /** Plan changes of a subscription, oldest first (the billing history of which plan was in force when). */
  planChanges(orgId: string, subscriptionId: string): Promise<PlanChangeRow[]> {
    return this.dataSource.query(
      `SELECT from_plan_id AS "fromPlanId", to_plan_id AS "toPlanId", kind, effective_at AS "effectiveAt" FROM subscription_plan_changes
        WHERE org_id = $1 AND subscription_id = $2 ORDER BY effective_at, created_at`,
      [orgId, subscriptionId],
    );
  }

  /** Moves a subscription onto its pending (downgrade) plan once the change has taken effect. */
  async applyPendingPlan(orgId: string, subscriptionId: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE subscriptions s SET plan_id = s.pending_plan_id, pending_plan_id = NULL, updated_at = now()
        WHERE s.org_id = $1 AND s.id = $2 AND s.pending_plan_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM subscription_plan_changes c WHERE c.org_id = s.org_id AND c.subscription_id = s.id
                        AND c.to_plan_id = s.pending_plan_id AND c.kind = 'DOWNGRADE' AND c.effective_at <= $3)`,
      [orgId, subscriptionId, now],
    );
  }
}
