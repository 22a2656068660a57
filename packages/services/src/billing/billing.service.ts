import type Decimal from 'decimal.js';
import {
  DomainError,
  badInput,
  billingPeriod,
  formatInvoiceNumber,
  invoicePostings,
  localYear,
  paymentPostings,
  reversePostings,
  type CreditValue,
} from '@tollgate/core';
import {
  uuidv7,
  type BillingRunsRepository,
  type BillingSettingsRepository,
  type BillingSettingsRow,
  type InvoiceFigures,
  type InvoiceFilter,
  type InvoiceLineRow,
  type InvoiceRow,
  type InvoicesRepository,
  type LedgerRepository,
  type PlanChangeRow,
  type PlanRow,
  type PlansRepository,
  type SubscriptionRow,
} from '@tollgate/db';
import type { EntityManager } from 'typeorm';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { AppConfig } from '../config/config.schema';
import type { Logger } from '../logging/logger';
import { decodeCursor, pageSize, toPage, type Page } from '../pagination/cursor';
import type { CreditSettings } from '../usage/credit-settings';
import type { WebhookService } from '../webhooks/webhook.service';
import { defaultInvoicePrefix } from './billing-settings.service';
import { InvoiceCalculator, billedPeriod, previousPeriodStart } from './invoice-calculator';
import { renderInvoiceHtml, renderInvoicePdf } from './render-invoice';
import { TtlCache } from '../cache/ttl-cache';

export interface BillingRunJob {
  orgId: string;
  runId: string;
  subscriptionId: string;
  periodStart: string;
}

const SYSTEM_ACTOR = 'system:billing';

interface Prepared {
  changes: PlanChangeRow[];
  plan: (id: string) => PlanRow;
  creditValueAt: (at: Date) => CreditValue;
}
interface Deps {
  invoices: InvoicesRepository;
  settings: BillingSettingsRepository;
  runs: BillingRunsRepository;
  plans: PlansRepository;
  ledger: LedgerRepository;
  creditSettings: CreditSettings;
  webhooks: WebhookService;
  config: AppConfig['billing'];
  logger: Logger;
}

/**
 * Billing runs and invoices: a run makes its period's invoice (a draft, or
 * finalized at once when no grace is left); invoices go from DRAFT through
 * FINALIZED (gapless number, posted to the ledger, webhook) to PAID or VOID.
 * Scheduling runs is BillingScheduler's; settings, coupons, FX and prepaid
 * money are BillingSettingsService's.
 */
export class BillingService {
  private readonly calculator: InvoiceCalculator;
  /** Plans change rarely; a billing run of thousands of subscriptions reads each once per 10 s rather than once per invoice. */
  private readonly planCache = new TtlCache<string, PlanRow | null>(10_000);

  constructor(private readonly deps: Deps) {
    this.calculator = new InvoiceCalculator(deps.invoices);
  }

  /** One billing run: the period's invoice exists (a draft, finalized at once when there is no grace period). Safe to repeat. */
  async processRun(job: BillingRunJob, progress: (stage: string) => Promise<void> = async () => {}): Promise<InvoiceRow> {
    const { orgId, runId } = job;
    await this.deps.runs.update(orgId, runId, { status: 'RUNNING', stage: 'computing', attempt: true });
    try {
      await progress('computing');
      let invoice = await this.ensureInvoice(orgId, job.subscriptionId, new Date(job.periodStart), true);
      if (invoice.status === 'DRAFT' && invoice.graceEndsAt <= new Date()) {
        await progress('finalizing');
        invoice = await this.finalize(orgId, invoice.id, SYSTEM_ACTOR);
      }
      await this.deps.plans.applyPendingPlan(orgId, job.subscriptionId, new Date());
      await this.deps.runs.update(orgId, runId, { status: 'COMPLETED', stage: invoice.status, invoiceId: invoice.id });
      await progress(invoice.status);
      return invoice;
    } catch (error) {
      await this.deps.runs.update(orgId, runId, { status: 'FAILED', error: (error as Error).message });
      throw error;
    }
  }

  /**
   * The invoice of a subscription's period, created as a draft if missing
   * (after the previous period's, so late usage always has a cutoff to start
   * from) or refreshed while it is a draft.
   */
  async ensureInvoice(orgId: string, subscriptionId: string, periodStart: Date, finalizeIfDue = false): Promise<InvoiceRow> {
    const { subscription, settings, plan } = await this.loadSubscription(orgId, subscriptionId);
    let previousIsDraft = false;
    const previousStart = previousPeriodStart(subscription, plan.billingInterval, periodStart, settings.timezone);
    if (previousStart) {
      const before = (await this.deps.invoices.findByPeriod(this.deps.invoices.manager(), orgId, subscriptionId, previousStart)) ?? (await this.ensureInvoice(orgId, subscriptionId, previousStart, finalizeIfDue));
      previousIsDraft = before.status === 'DRAFT';
    }
    const period = billedPeriod(subscription, plan.billingInterval, periodStart, settings.timezone);
    if (periodStart.getTime() !== period.nominalStart.getTime() && periodStart.getTime() !== subscription.startedAt.getTime()) {
      throw badInput(`${periodStart.toISOString()} is not the start of a billing period of subscription ${subscriptionId}`, 'INVALID_PERIOD');
    }
    const graceEndsAt = new Date(period.end.getTime() + this.deps.config.gracePeriodHours * 3_600_000);
    // No grace left and nothing earlier waiting: create it finalized in one transaction rather than a draft then a finalization.
    const finalizeNow = finalizeIfDue && graceEndsAt <= new Date() && !previousIsDraft;
    const prepared = await this.prepare(orgId, subscription);
    const deliveries: string[] = [];
    let found = false;
    const invoice = await this.deps.invoices.transaction(async (tx) => {
      if (finalizeNow) await this.deps.invoices.lockOrg(tx, orgId);
      const existing = await this.deps.invoices.findByPeriod(tx, orgId, subscriptionId, periodStart, true);
      found = existing !== null && existing.status !== 'DRAFT';
      if (existing && found) return existing;
      const computed = await this.computeFor(tx, orgId, subscription, settings, prepared, period);
      const id = existing?.id ?? uuidv7();
      if (existing) {
        await this.deps.invoices.replaceDraft(tx, orgId, existing.id, computed.figures, computed.lines);
      } else if (!(await this.deps.invoices.insertDraft(tx, { orgId, id, subscriptionId, periodStart, periodEnd: period.end, graceEndsAt }, computed.figures, computed.lines))) {
        // Another run inserted it between our read and write: theirs stands.
        return (await this.deps.invoices.findByPeriod(tx, orgId, subscriptionId, periodStart))!;
      }
      if (!finalizeNow) return (await this.deps.invoices.findByPeriod(tx, orgId, subscriptionId, periodStart))!;
      const finalized = await this.numberAndPost(tx, orgId, id, settings, computed.figures, computed.cutoff, SYSTEM_ACTOR);
      deliveries.push(...finalized.deliveries);
      return finalized.invoice;
    });
    // Sends what this finalization wrote, or what a run killed after its commit may have left unsent.
    if (deliveries.length || (found && invoice.status === 'FINALIZED')) await this.deps.webhooks.dispatchEvent(orgId, invoice.id);
    return invoice;
  }

  /**
   * Finalizes a draft: recomputed with all usage recorded until now, numbered
   * from the org's gapless sequence, posted to the ledger and announced
   * (invoice.finalized), all in one transaction. Earlier drafts of the same
   * subscription are finalized first. A finalized invoice is returned as is.
   */
  async finalize(orgId: string, invoiceId: string, actor: string): Promise<InvoiceRow> {
    const draft = await this.deps.invoices.find(this.deps.invoices.manager(), orgId, invoiceId);
    if (!draft) throw new DomainError('NOT_FOUND', `Invoice ${invoiceId} not found`);
    if (draft.status !== 'DRAFT') {
      // A run killed between commit and dispatch left the webhook written but not sent.
      if (draft.status === 'FINALIZED') await this.deps.webhooks.dispatchEvent(orgId, invoiceId);
      return draft;
    }
    const { subscription, settings, plan } = await this.loadSubscription(orgId, draft.subscriptionId);
    const previousStart = previousPeriodStart(subscription, plan.billingInterval, draft.periodStart, settings.timezone);
    if (previousStart) {
      const before = await this.ensureInvoice(orgId, subscription.id, previousStart);
      if (before.status === 'DRAFT') await this.finalize(orgId, before.id, actor);
    }
    const prepared = await this.prepare(orgId, subscription);
    const finalized = await this.deps.invoices.transaction(async (tx) => {
      await this.deps.invoices.lockOrg(tx, orgId);
      const invoice = await this.deps.invoices.find(tx, orgId, invoiceId, true);
      if (!invoice || invoice.status !== 'DRAFT') return invoice!;
      const period = billedPeriod(subscription, plan.billingInterval, invoice.periodStart, settings.timezone);
      const computed = await this.computeFor(tx, orgId, subscription, settings, prepared, period);
      await this.deps.invoices.replaceDraft(tx, orgId, invoice.id, computed.figures, computed.lines);
      return (await this.numberAndPost(tx, orgId, invoice.id, settings, computed.figures, computed.cutoff, actor)).invoice;
    });
    await this.deps.webhooks.dispatchEvent(orgId, invoiceId);
    return finalized;
  }

  /** The finalization itself, inside the caller's transaction (which holds the org's billing lock): number, ledger, status, webhook outbox. */
  private async numberAndPost(tx: EntityManager, orgId: string, invoiceId: string, settings: BillingSettingsRow, figures: InvoiceFigures, cutoff: Date, actor: string): Promise<{ invoice: InvoiceRow; deliveries: string[] }> {
    const year = localYear(cutoff, settings.timezone);
    const number = formatInvoiceNumber(settings.invoicePrefix ?? defaultInvoicePrefix(settings.name), year, await this.deps.invoices.nextNumber(tx, orgId, 'INVOICE', year));
    const ledgerTransactionId = uuidv7();
    await this.deps.ledger.append(tx, {
      orgId,
      id: ledgerTransactionId,
      kind: 'INVOICE',
      actor,
      sourceType: 'invoice',
      sourceId: invoiceId,
      description: `Invoice ${number}`,
      idempotencyKey: `invoice:${invoiceId}`,
      postings: invoicePostings(figures),
    });
    const invoice = await this.deps.invoices.markFinalized(tx, orgId, invoiceId, number, ledgerTransactionId);
    const deliveries = await this.deps.webhooks.recordEvent(orgId, 'INVOICE_FINALIZED', invoiceId, { invoice: invoiceEventData(invoice) }, tx);
    return { invoice, deliveries };
  }

  // ---- invoices through the API ----------------------------------------

  async listInvoices(principal: Principal, input: { organizationId?: string | null; filter?: InvoiceFilter | null; first?: number | null; after?: string | null }): Promise<Page<InvoiceRow>> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read invoices');
    const limit = pageSize(input.first, 200);
    const rows = await this.deps.invoices.list(orgIdOf(principal, input.organizationId), input.filter ?? {}, limit + 1, decodeCursor(input.after));
    return toPage(rows, limit, (row) => ({ at: row.periodStart, id: row.id }));
  }

  async getInvoice(principal: Principal, id: string, organizationId?: string | null): Promise<InvoiceRow> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read invoices');
    const invoice = await this.deps.invoices.find(this.deps.invoices.manager(), orgIdOf(principal, organizationId), id);
    if (!invoice) throw new DomainError('NOT_FOUND', `Invoice ${id} not found`);
    return invoice;
  }

  /** An invoice rendered for people: self-contained HTML, or a PDF. */
  async renderInvoice(principal: Principal, id: string, format: 'html' | 'pdf', organizationId?: string | null): Promise<{ body: string | Buffer; filename: string }> {
    const invoice = await this.getInvoice(principal, id, organizationId);
    const [lines, settings] = await Promise.all([this.deps.invoices.lines(invoice.orgId, [id]), this.deps.settings.settings(invoice.orgId)]);
    const doc = { invoice, lines: lines.get(id) ?? [], orgName: settings!.name, timezone: settings!.timezone };
    const filename = `${invoice.number ?? `draft-${invoice.id}`}.${format}`;
    return { body: format === 'html' ? renderInvoiceHtml(doc) : renderInvoicePdf(doc), filename };
  }

  invoiceLines(orgId: string, invoiceIds: readonly string[]): Promise<Map<string, InvoiceLineRow[]>> {
    return this.deps.invoices.lines(orgId, invoiceIds);
  }

  async refreshInvoice(principal: Principal, id: string, organizationId?: string | null): Promise<InvoiceRow> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'refresh invoices');
    const invoice = await this.getInvoice(principal, id, organizationId);
    if (invoice.status !== 'DRAFT') throw new DomainError('CONFLICT', `Invoice ${invoice.number ?? id} is ${invoice.status}: only drafts are recomputed`, { reason: 'INVOICE_NOT_DRAFT' });
    return this.ensureInvoice(invoice.orgId, invoice.subscriptionId, invoice.periodStart);
  }

  async finalizeInvoice(principal: Principal, id: string, organizationId?: string | null): Promise<InvoiceRow> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'finalize invoices');
    const invoice = await this.getInvoice(principal, id, organizationId);
    if (invoice.status !== 'DRAFT') throw new DomainError('CONFLICT', `Invoice ${invoice.number} is ${invoice.status} already`, { reason: 'INVOICE_NOT_DRAFT' });
    return this.finalize(invoice.orgId, id, principal.actor);
  }

  async markInvoicePaid(principal: Principal, input: { organizationId?: string | null; id: string; paidAt?: Date | null; paymentReference?: string | null }): Promise<InvoiceRow> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'mark invoices paid');
    const orgId = orgIdOf(principal, input.organizationId);
    return this.deps.invoices.transaction(async (tx) => {
      const invoice = await this.lockedInvoice(tx, orgId, input.id);
      if (invoice.status === 'PAID') return invoice;
      if (invoice.status !== 'FINALIZED') throw new DomainError('CONFLICT', `Invoice is ${invoice.status}: only finalized invoices are paid`, { reason: 'INVOICE_NOT_FINALIZED' });
      await this.deps.ledger.append(tx, {
        orgId,
        id: uuidv7(),
        kind: 'PAYMENT',
        actor: principal.actor,
        sourceType: 'invoice',
        sourceId: invoice.id,
        description: `Payment of ${invoice.number}${input.paymentReference ? ` (${input.paymentReference})` : ''}`,
        idempotencyKey: `invoice-payment:${invoice.id}`,
        postings: paymentPostings(invoice.currency, invoice.amountDue),
      });
      await this.deps.invoices.markPaid(tx, orgId, invoice.id, input.paidAt ?? new Date(), input.paymentReference ?? null);
      return (await this.deps.invoices.find(tx, orgId, invoice.id))!;
    });
  }

  /** Voids a draft (nothing was posted) or a finalized invoice (reversal posted, credit note numbered). Paid invoices are not voided. */
  async voidInvoice(principal: Principal, input: { organizationId?: string | null; id: string; reason: string }): Promise<InvoiceRow> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'void invoices');
    const orgId = orgIdOf(principal, input.organizationId);
    if (!input.reason.trim()) throw badInput('reason must not be empty', 'INVALID_REASON', { field: 'reason' });
    return this.deps.invoices.transaction(async (tx) => {
      await this.deps.invoices.lockOrg(tx, orgId);
      const invoice = await this.lockedInvoice(tx, orgId, input.id);
      if (invoice.status === 'VOID') return invoice;
      if (invoice.status === 'PAID') throw new DomainError('CONFLICT', `Invoice ${invoice.number} is paid: refund it instead of voiding`, { reason: 'INVOICE_PAID' });
      let creditNote: string | null = null;
      if (invoice.status === 'FINALIZED') {
        const settings = (await this.deps.settings.settings(orgId, tx))!;
        const year = localYear(new Date(), settings.timezone);
        creditNote = formatInvoiceNumber(`${settings.invoicePrefix ?? defaultInvoicePrefix(settings.name)}-CN`, year, await this.deps.invoices.nextNumber(tx, orgId, 'CREDIT_NOTE', year));
        await this.deps.ledger.append(tx, {
          orgId,
          id: uuidv7(),
          kind: 'REVERSAL',
          actor: principal.actor,
          sourceType: 'invoice',
          sourceId: invoice.id,
          description: `Credit note ${creditNote} voiding ${invoice.number}`,
          idempotencyKey: `invoice-void:${invoice.id}`,
          reversesTransactionId: invoice.ledgerTransactionId,
          postings: reversePostings(invoicePostings(invoice)),
        });
      }
      await this.deps.invoices.markVoid(tx, orgId, invoice.id, input.reason.trim(), creditNote);
      return (await this.deps.invoices.find(tx, orgId, invoice.id))!;
    });
  }

  // ---- internals --------------------------------------------------------

  private findPlan(id: string): Promise<PlanRow | null> {
    return this.planCache.getOrLoad(id, () => this.deps.plans.findPlan(id));
  }

  private async lockedInvoice(tx: EntityManager, orgId: string, id: string): Promise<InvoiceRow> {
    const invoice = await this.deps.invoices.find(tx, orgId, id, true);
    if (!invoice) throw new DomainError('NOT_FOUND', `Invoice ${id} not found`);
    return invoice;
  }

  private async loadSubscription(orgId: string, subscriptionId: string): Promise<{ subscription: SubscriptionRow; settings: BillingSettingsRow; plan: PlanRow }> {
    const subscription = await this.deps.plans.findSubscription(orgId, subscriptionId);
    if (!subscription) throw new DomainError('NOT_FOUND', `Subscription ${subscriptionId} not found`);
    const [settings, plan] = await Promise.all([this.deps.settings.settings(orgId), this.findPlan(subscription.planId)]);
    return { subscription, settings: settings!, plan: plan! };
  }

  /** What an invoice is computed from besides usage, read before its transaction opens. */
  private async prepare(orgId: string, subscription: SubscriptionRow): Promise<Prepared> {
    const [changes, credits] = await Promise.all([this.deps.plans.planChanges(orgId, subscription.id), this.deps.creditSettings.load(orgId)]);
    const ids = new Set([subscription.planId, ...changes.flatMap((c) => [c.fromPlanId, c.toPlanId])]);
    const plans = new Map((await Promise.all([...ids].map((id) => this.findPlan(id)))).map((p) => [p!.id, p!]));
    return { changes, plan: (id) => plans.get(id)!, creditValueAt: (at) => credits.valueAt(at) };
  }

  /** Computes the invoice of `period` inside `tx`; `withPrepaid` applies the prepaid balance (finalization), else it is previewed. */
  private async computeFor(tx: EntityManager, orgId: string, subscription: SubscriptionRow, settings: BillingSettingsRow, prepared: Prepared, period: ReturnType<typeof billedPeriod>) {
    const context = await this.deps.invoices.invoiceContext(tx, {
      orgId,
      subscriptionId: subscription.id,
      periodStart: period.start,
      periodEnd: period.end,
      currency: settings.currency,
      lagSeconds: this.deps.config.usageCutoffLagSeconds,
    });
    const fx = new Map<number, Promise<ReadonlyMap<string, Decimal>>>([[period.end.getTime(), Promise.resolve(context.fxRates)]]);
    const fxRatesAt = (at: Date) => {
      if (!fx.has(at.getTime())) fx.set(at.getTime(), this.deps.settings.fxRatesTo(settings.currency, at, tx));
      return fx.get(at.getTime())!;
    };
    const computed = await this.calculator.compute({ tx, orgId, subscription, settings, ...prepared, fxRatesAt }, period, context.cutoff, {
      previousCutoff: context.previousCutoff,
      prepaidAvailable: context.prepaid,
      coupons: context.coupons,
    });
    return { ...computed, cutoff: context.cutoff };
  }
}

/** What the invoice.finalized webhook carries. */
function invoiceEventData(invoice: InvoiceRow) {
  return {
    id: invoice.id,
    number: invoice.number,
    subscriptionId: invoice.subscriptionId,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    currency: invoice.currency,
    total: invoice.total.toFixed(),
    amountDue: invoice.amountDue.toFixed(),
  };
}

