import type Decimal from 'decimal.js';
import { Dec, DomainError, badInput, isDomainError, reversePostings, usagePostings } from '@tollgate/core';
import { uuidv7, type LedgerRepository, type LedgerTransactionView, type OrganizationEntity, type OrganizationsRepository, type UsageEventRow, type UsageRepository } from '@tollgate/db';
import type { DataSource } from 'typeorm';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { TtlCache } from '../cache/ttl-cache';
import { ROLES, type Principal } from '../auth/principal';
import type { PriceResolver } from '../pricing/price-resolver';
import { StaleLimitsError, type BookingPlan, type PreparedBooking, type UsageBooking } from '../enforcement/book-usage.service';
import type { CreditSettings } from './credit-settings';
import { priceUsageEvent } from './price-usage-event';
import type { FxRates } from '../pricing/fx-rates';
import { requestHash } from './request-hash';
import { MAX_BATCH_SIZE, type UsageInput, type UsageResult } from './usage.input';
import { NaturalBatcher } from '../batching/natural-batcher';
import { validateUsageInput } from './validate-usage-input';

interface Pending {
  index: number;
  input: UsageInput;
  hash: string;
  row: UsageEventRow | null;
  rejection: DomainError | null;
}

const rejected = (index: number, key: string, error: DomainError): UsageResult => ({
  index,
  idempotencyKey: key,
  status: 'REJECTED',
  eventId: null,
  cost: null,
  currency: null,
  credits: null,
  code: error.code,
  reason: error.reason ?? null,
  message: error.message,
});

const stored = (
  index: number,
  status: 'CREATED' | 'DUPLICATE',
  event: { id: string; idempotencyKey: string; cost: Decimal; currency: string; credits: Decimal },
): UsageResult => ({
  index,
  idempotencyKey: event.idempotencyKey,
  status,
  eventId: event.id,
  cost: event.cost,
  currency: event.currency,
  credits: event.credits,
  code: null,
  reason: null,
  message: null,
});

const conflict = (key: string) =>
  new DomainError('CONFLICT', `Idempotency key "${key}" was already used with different input`, { reason: 'IDEMPOTENCY_KEY_REUSED' });

/**
 * Records usage: validates and prices each event, then writes the new ones,
 * their rollups and one balanced ledger transaction in a single database
 * transaction. Idempotent per (org, idempotency key) with a hash of the
 * input: a replay returns the first result, other input under the same key
 * is a CONFLICT, and racing requests store one event.
 */
export class UsageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly usage: UsageRepository,
    private readonly ledger: LedgerRepository,
    private readonly orgs: OrganizationsRepository,
    private readonly resolver: PriceResolver,
    private readonly creditSettings: CreditSettings,
    private readonly booking: UsageBooking,
    private readonly fxRates: FxRates,
  ) {}

  /** Orgs change rarely (name, currency, zone); a minute of staleness is fine for pricing usage. */
  private readonly orgCache = new TtlCache<string, OrganizationEntity | null>(60_000);

  /** Concurrent single events of one key share a transaction; each entry carries its own principal (all alike per key). */
  private readonly singles = new NaturalBatcher<{ principal: Principal; input: UsageInput }, UsageResult>((items) =>
    this.recordUsageBatch(items[0]!.principal, items.map((item) => item.input)),
  );

  /**
   * One event; a refusal is thrown as its error (CONFLICT, BAD_USER_INPUT,
   * NOT_FOUND). Concurrent calls of one key share transactions (natural batching).
   */
  async recordUsage(principal: Principal, input: UsageInput): Promise<UsageResult> {
    requireRole(principal, ROLES.ingest, 'record usage');
    const batchKey = principal.kind === 'API_KEY' ? `${principal.orgId}|${principal.actor}` : principal.actor;
    const result = { ...(await this.singles.submit(batchKey, { principal, input })), index: 0 };
    if (result.status === 'REJECTED') {
      throw new DomainError(result.code as DomainError['code'], result.message ?? 'rejected', { reason: result.reason ?? undefined });
    }
    return result;
  }

  /** Up to 5,000 events; each stands alone: CREATED, DUPLICATE or REJECTED with a reason. */
  async recordUsageBatch(principal: Principal, inputs: readonly UsageInput[]): Promise<UsageResult[]> {
    requireRole(principal, ROLES.ingest, 'record usage');
    if (inputs.length === 0 || inputs.length > MAX_BATCH_SIZE) {
      throw new DomainError('BAD_USER_INPUT', `A batch holds 1 to ${MAX_BATCH_SIZE} events, got ${inputs.length}`, { reason: 'BATCH_SIZE' });
    }
    const orgId = orgIdOf(principal);
    const org = await this.orgCache.getOrLoad(orgId, () => this.orgs.findOrganization(orgId));
    if (!org) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);

    const pending = await this.priceAll(orgId, org.currency, principal.actor, inputs);
    const rows = pending.flatMap((p) => (p.row ? [p.row] : []));
    let outcome: { results: UsageResult[]; booking: PreparedBooking | null } | null = null;
    await this.booking.holdSettledReservations(orgId, rows).catch(() => undefined);
    for (let attempt = 0; !outcome; attempt++) {
      const plan = await this.booking.plan(orgId, rows);
      try {
        outcome = await this.commitBatch(orgId, principal.actor, pending, rows, plan);
      } catch (error) {
        // Another process changed the org's limits after this one planned: plan again on the new ones.
        if (!(error instanceof StaleLimitsError) || attempt >= 3) throw error;
      }
    }
    const { results, booking } = outcome;
    if (booking) await this.booking.applyAfterCommit(orgId, booking);
    return results;
  }

  /** One transaction: the new events, their ledger posting and their counters' outbox row; replays and conflicts answered. */
  private commitBatch(orgId: string, actor: string, pending: readonly Pending[], rows: readonly UsageEventRow[], plan: BookingPlan) {
    const ledgerTransactionId = rows[0]?.ledgerTransactionId;
    let booking: PreparedBooking | null = null;
    return this.dataSource.transaction(async (tx) => {
      // Before any row lock: a change of the org's limits waits for this transaction, never the other way round.
      if (rows.length) await this.booking.holdLimits(tx, orgId, plan);
      const inserted = await this.usage.insertNew(tx, orgId, rows);
      const created = rows.filter((row) => inserted.has(row.idempotencyKey));
      if (created.length && ledgerTransactionId) {
        // The counters' outbox row commits with the events: booked after commit, or replayed after a crash.
        booking = await this.booking.record(tx, orgId, plan, ledgerTransactionId, created);
        await this.ledger.append(tx, {
          orgId,
          id: ledgerTransactionId,
          kind: 'USAGE',
          actor,
          sourceType: 'usage_batch',
          sourceId: ledgerTransactionId,
          description: `${created.length} usage event(s)`,
          postings: usagePostings(created),
        });
      }
      const replayedKeys = [...new Set(pending.filter((p) => !p.rejection && !inserted.has(p.input.idempotencyKey)).map((p) => p.input.idempotencyKey))];
      const replays = new Map((await this.usage.findByIdempotencyKeys(orgId, replayedKeys, tx)).map((s) => [s.idempotencyKey, s]));
      const firstOfKey = new Map<string, UsageEventRow>();
      const results = pending.map((p): UsageResult => {
        const key = p.input.idempotencyKey;
        if (p.rejection) return rejected(p.index, key, p.rejection);
        if (p.row && inserted.has(key)) {
          firstOfKey.set(key, p.row);
          return stored(p.index, 'CREATED', p.row);
        }
        const first = firstOfKey.get(key);
        const existing = replays.get(key);
        const original = first ?? (existing && { ...existing, cost: new Dec(existing.cost), credits: new Dec(existing.credits) });
        if (!original) throw new Error(`usage event ${key} was neither inserted nor found`);
        if (original.requestHash !== p.hash) return rejected(p.index, key, conflict(key));
        return stored(p.index, 'DUPLICATE', original);
      });
      return { results, booking };
    });
  }

  /**
   * Voids an event: it stops counting in reports and a REVERSAL transaction
   * undoes its postings. Returns the reversal. Voiding twice is a CONFLICT.
   */
  async voidUsageEvent(principal: Principal, eventId: string, reason: string): Promise<LedgerTransactionView> {
    requireRole(principal, ROLES.admins, 'void usage');
    const orgId = orgIdOf(principal);
    if (!reason.trim() || reason.length > 500) throw badInput('reason must be 1 to 500 characters', 'INVALID_REASON', { field: 'reason' });
    const reversalId = uuidv7();
    const voided = await this.dataSource.transaction(async (tx) => {
      const event = await this.usage.voidEvent(tx, orgId, eventId, reason.trim(), reversalId);
      if (!event) return null;
      const postings = usagePostings([{ projectId: event.projectId, cost: new Dec(event.cost), currency: event.currency, credits: new Dec(event.credits) }]);
      await this.ledger.append(tx, {
        orgId,
        id: reversalId,
        kind: 'REVERSAL',
        actor: principal.actor,
        sourceType: 'usage_event',
        sourceId: eventId,
        description: `void: ${reason.trim()}`,
        reversesTransactionId: event.ledgerTransactionId,
        postings: reversePostings(postings),
      });
      return event;
    });
    if (voided) {
      const [reversal] = await this.ledger.findTransactions(orgId, [reversalId]);
      if (reversal) return reversal;
    }
    const state = await this.usage.findEventState(orgId, eventId);
    if (!state) throw new DomainError('NOT_FOUND', `Usage event ${eventId} not found`);
    throw new DomainError('CONFLICT', `Usage event ${eventId} is already void`, { reason: 'ALREADY_VOID' });
  }

  private async priceAll(orgId: string, orgCurrency: string, actor: string, inputs: readonly UsageInput[]): Promise<Pending[]> {
    const now = new Date();
    const projectIds = [...new Set(inputs.flatMap((input) => (input.projectId ? [input.projectId] : [])))];
    const [credits, knownProjects, fx] = await Promise.all([
      this.creditSettings.load(orgId),
      this.orgs.findProjectIds(orgId, projectIds),
      this.fxRates.lookup(),
    ]);
    const ledgerTransactionId = uuidv7();
    const firstByKey = new Map<string, Pending>();
    const pending: Pending[] = [];
    for (const [index, input] of inputs.entries()) {
      const hash = requestHash(input);
      const first = firstByKey.get(input.idempotencyKey);
      if (first) {
        // A repeat inside the batch shares the first's fate, or conflicts with it.
        const rejection = first.hash !== hash ? conflict(input.idempotencyKey) : first.rejection;
        pending.push({ index, input, hash, row: null, rejection });
        continue;
      }
      const outcome: Pending = { index, input, hash, row: null, rejection: null };
      try {
        validateUsageInput(input, now);
        if (input.projectId && !knownProjects.has(input.projectId)) {
          throw new DomainError('NOT_FOUND', `Project ${input.projectId} not found`, { reason: 'UNKNOWN_PROJECT' });
        }
        const occurredAt = input.occurredAt ?? now;
        const priced = await priceUsageEvent(input, occurredAt, { orgId, orgCurrency, resolver: this.resolver, credits, fx });
        outcome.row = toRow(orgId, input, hash, occurredAt, priced, actor, ledgerTransactionId);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        outcome.rejection = error;
      }
      firstByKey.set(input.idempotencyKey, outcome);
      pending.push(outcome);
    }
    return pending;
  }
}

function toRow(
  orgId: string,
  input: UsageInput,
  hash: string,
  occurredAt: Date,
  priced: Awaited<ReturnType<typeof priceUsageEvent>>,
  actor: string,
  ledgerTransactionId: string,
): UsageEventRow {
  return {
    orgId,
    id: uuidv7(),
    idempotencyKey: input.idempotencyKey,
    requestHash: hash,
    occurredAt,
    provider: input.provider ?? null,
    model: input.model ?? null,
    projectId: input.projectId ?? null,
    userId: input.userId ?? null,
    sessionId: input.sessionId ?? null,
    feature: input.feature ?? null,
    category: priced.category,
    tags: Object.fromEntries((input.tags ?? []).map((tag) => [tag.key, tag.value])),
    inputTokens: input.inputTokens ?? 0,
    outputTokens: input.outputTokens ?? 0,
    cacheReadTokens: input.cacheReadTokens ?? 0,
    cacheWriteTokens: input.cacheWriteTokens ?? 0,
    reasoningTokens: input.reasoningTokens ?? 0,
    embeddingTokens: input.embeddingTokens ?? 0,
    imageCount: input.imageCount ?? 0,
    imageSize: input.imageSize ?? null,
    imageQuality: input.imageQuality ?? null,
    units: input.units ?? null,
    unit: input.unit ?? null,
    durationSeconds: input.durationSeconds ?? null,
    cost: priced.cost,
    currency: priced.currency,
    credits: priced.credits,
    costSource: priced.costSource,
    priceEffectiveFrom: priced.priceEffectiveFrom,
    latencyMs: input.latencyMs ?? null,
    success: input.success ?? true,
    metadata: input.metadata ?? null,
    reservationId: input.reservationId ?? null,
    actor,
    ledgerTransactionId,
  };
}
