import type Decimal from 'decimal.js';
import {
  DomainError,
  ZERO,
  billingPeriod,
  computeCharge,
  computeInvoiceTotals,
  localDaysBetween,
  localDateSpan,
  sumDecimals,
  type ChargeStep,
  type CreditValue,
  type Discount,
  type InvoiceLineInput,
  type InvoiceLineKind,
} from '@tollgate/core';
import {
  measureMeters,
  type BillingSettingsRow,
  type CouponRow,
  type InvoiceFigures,
  type InvoiceLineRow,
  type InvoicesRepository,
  type MeterResult,
  type PlanChangeRow,
  type PlanRow,
  type SubscriptionRow,
} from '@tollgate/db';
import type { EntityManager } from 'typeorm';
import { chargeModelOf } from './charge-definition';

/** A stretch of a billing period during which one plan was in force. */
export interface PlanSegment {
  planId: string;
  start: Date;
  end: Date;
}

/** The plan in force at `at`: the original plan, then each change from the moment it took effect. */
export function planAt(subscription: Pick<SubscriptionRow, 'planId'>, changes: readonly PlanChangeRow[], at: Date): string {
  let planId = changes[0]?.fromPlanId ?? subscription.planId;
  for (const change of changes) if (change.effectiveAt <= at) planId = change.toPlanId;
  return planId;
}

/** [from, to) cut wherever a plan change took effect inside it. */
export function planSegments(subscription: Pick<SubscriptionRow, 'planId'>, changes: readonly PlanChangeRow[], from: Date, to: Date): PlanSegment[] {
  const cuts = changes.map((c) => c.effectiveAt).filter((at) => at > from && at < to);
  const bounds = [from, ...cuts, to];
  const segments: PlanSegment[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const start = bounds[i]!;
    const planId = planAt(subscription, changes, start);
    const last = segments.at(-1);
    if (last && last.planId === planId) last.end = bounds[i + 1]!;
    else segments.push({ planId, start, end: bounds[i + 1]! });
  }
  return segments;
}

/** The window of a subscription's billing period that starts at `periodStart`: nominal bounds (for proration) and the billed part. */
export function billedPeriod(subscription: Pick<SubscriptionRow, 'anchor' | 'startedAt' | 'endsAt'>, interval: PlanRow['billingInterval'], periodStart: Date, timezone: string) {
  const nominal = billingPeriod(subscription.anchor, interval, subscription.startedAt, periodStart, timezone);
  const end = subscription.endsAt && subscription.endsAt < nominal.end ? subscription.endsAt : nominal.end;
  return { nominalStart: nominal.start, nominalEnd: nominal.end, start: periodStart, end };
}

/** Start of the billing period before the one starting at `periodStart` (the subscription's start if that is later), or null for the first period. */
export function previousPeriodStart(subscription: Pick<SubscriptionRow, 'anchor' | 'startedAt'>, interval: PlanRow['billingInterval'], periodStart: Date, timezone: string): Date | null {
  if (periodStart <= subscription.startedAt) return null;
  const previous = billingPeriod(subscription.anchor, interval, subscription.startedAt, new Date(periodStart.getTime() - 1), timezone);
  return previous.start < subscription.startedAt ? subscription.startedAt : previous.start;
}

export interface InvoiceComputation {
  figures: InvoiceFigures;
  lines: InvoiceLineRow[];
}

interface Context {
  tx: EntityManager;
  orgId: string;
  subscription: SubscriptionRow;
  changes: readonly PlanChangeRow[];
  settings: BillingSettingsRow;
  /** Loaded before the transaction: nothing here may wait for a second pool connection while holding one. */
  plan: (id: string) => PlanRow;
  creditValueAt: (at: Date) => CreditValue;
  /** FX rates to the invoice currency in force at an instant (memoized by the caller). */
  fxRatesAt: (at: Date) => Promise<ReadonlyMap<string, Decimal>>;
}

type Line = InvoiceLineInput & { chargeCode: string | null; serviceStart: Date; serviceEnd: Date; details: ChargeStep[] };


/**
 * Computes an invoice from the subscription's history and the usage recorded
 * up to a cutoff: the plan fee of each plan segment (prorated by real local
 * days), each charge on its meter, included credits and overage, the minimum
 * commitment, late usage of earlier periods (what those periods come to now
 * minus what they came to at the previous invoice's cutoff), then coupons,
 * the org's taxes and prepaid money, all in the org's currency.
 */
export class InvoiceCalculator {
  constructor(private readonly invoices: InvoicesRepository) {}

  async compute(
    ctx: Context,
    period: { start: Date; end: Date; nominalStart: Date; nominalEnd: Date },
    cutoff: Date,
    options: { previousCutoff: Date | null; prepaidAvailable: Decimal; coupons: readonly CouponRow[] },
  ): Promise<InvoiceComputation> {
    const currency = ctx.settings.currency;
    const lines: Line[] = [];
    for (const segment of planSegments(ctx.subscription, ctx.changes, period.start, period.end)) {
      lines.push(...(await this.segmentLines(ctx, segment, period, cutoff)));
    }
    if (options.previousCutoff) lines.push(...(await this.lateLines(ctx, period.start, options.previousCutoff, cutoff)));

    const discounts: Array<Discount & { couponId: string }> = options.coupons
      .filter((c) => c.percentOff || c.currency === currency)
      .map((c) => (c.percentOff ? { name: c.name, percent: c.percentOff, couponId: c.id } : { name: c.name, fixed: c.amountOff!, couponId: c.id }));
    const totals = computeInvoiceTotals({ currency, lines, discounts, taxRates: ctx.settings.taxRates, prepaidAvailable: options.prepaidAvailable });
    const planId = planAt(ctx.subscription, ctx.changes, new Date(period.end.getTime() - 1));
    return {
      figures: {
        currency,
        planId,
        subtotal: totals.subtotal,
        discountTotal: totals.discountTotal,
        taxableAmount: totals.taxableAmount,
        taxTotal: totals.taxTotal,
        total: totals.total,
        prepaidApplied: totals.prepaidApplied,
        amountDue: totals.amountDue,
        discounts: totals.discounts.map((d, i) => ({ name: d.name, amount: d.amount.toFixed(), couponId: discounts[i]!.couponId })),
        taxes: totals.taxes.map((t) => ({ name: t.name, percent: t.percent.toFixed(), amount: t.amount.toFixed() })),
        usageCutoff: cutoff,
      },
      lines: totals.lines.map((line, i) => {
        const source = lines[i]!;
        return {
          seq: i,
          kind: line.kind,
          chargeCode: source.chargeCode,
          description: line.description,
          quantity: line.quantity,
          unitPrice: line.unitPrice.toDecimalPlaces(12),
          amount: line.amount,
          unroundedAmount: line.unroundedAmount,
          taxable: line.taxable,
          serviceStart: source.serviceStart,
          serviceEnd: source.serviceEnd,
          details: source.details.map((s) => ({ description: s.description, quantity: s.quantity.toFixed(), unitPrice: s.unitPrice.toFixed(), amount: s.amount.toFixed() })),
        };
      }),
    };
  }

  /** Usage lines of one plan segment, measured with the usage recorded up to `cutoff`. */
  private async usageLines(ctx: Context, plan: PlanRow, segment: PlanSegment, period: { end: Date }, cutoff: Date, share: Decimal): Promise<{ lines: Line[]; reading: MeterResult }> {
    const currency = ctx.settings.currency;
    const fxRates = await ctx.fxRatesAt(period.end);
    const reading = await measureMeters(ctx.tx, { orgId: ctx.orgId, from: segment.start, to: segment.end, recordedUpTo: cutoff, currency, fxRates }, plan.charges);
    if (reading.missingFx.length) {
      throw new DomainError('CONFLICT', `No FX rate from ${reading.missingFx.join(', ')} to ${currency} in force at ${period.end.toISOString()}`, { reason: 'NO_FX_RATE' });
    }
    const service = { serviceStart: segment.start, serviceEnd: segment.end };
    const lines: Line[] = plan.charges.map((charge) => {
      const measured = reading.readings.get(charge.code)!;
      const result = computeCharge(chargeModelOf(charge), { units: measured.units, eventAmounts: measured.eventAmounts, cost: measured.cost });
      const unitPrice = measured.units.isZero() ? ZERO : result.amount.dividedBy(measured.units);
      return line('CHARGE', `${charge.name}: ${measured.units.toFixed()} × ${charge.meter.aggregation.toLowerCase().replace('_', ' ')}`, measured.units, unitPrice, result.amount, { chargeCode: charge.code, ...service, details: result.steps });
    });
    if (plan.includedCredits.greaterThan(0)) {
      const included = plan.includedCredits.times(share);
      const over = reading.credits.minus(included);
      const creditValue = ctx.creditValueAt(period.end);
      const rate = creditValue.currency === currency ? null : fxRates.get(creditValue.currency);
      if (rate === undefined) throw new DomainError('CONFLICT', `No FX rate from ${creditValue.currency} to ${currency} for the credit value`, { reason: 'NO_FX_RATE' });
      const price = rate ? creditValue.amount.times(rate) : creditValue.amount;
      const billable = over.greaterThan(0) ? over : ZERO;
      lines.push(line('OVERAGE', `Credits: ${reading.credits.toFixed()} used, ${included.toFixed()} included`, billable, price, billable.times(price), { chargeCode: null, ...service, details: [] }));
    }
    return { lines, reading };
  }

  /** Plan fee, usage and minimum commitment of one plan segment of the period being invoiced. */
  private async segmentLines(ctx: Context, segment: PlanSegment, period: { start: Date; end: Date; nominalStart: Date; nominalEnd: Date }, cutoff: Date): Promise<Line[]> {
    const zone = ctx.settings.timezone;
    const plan = ctx.plan(segment.planId);
    const days = localDaysBetween(segment.start, segment.end, zone);
    const periodDays = localDaysBetween(period.nominalStart, period.nominalEnd, zone);
    const share = ZERO.plus(days).dividedBy(periodDays);
    const service = { serviceStart: segment.start, serviceEnd: segment.end, chargeCode: null, details: [] };
    const full = days === periodDays;
    const fee = line('PLAN_FEE', `${plan.name} plan, ${localDateSpan(segment.start, segment.end, zone)}${full ? '' : ` (${days}/${periodDays} days)`}`, share, plan.baseFee, plan.baseFee.times(share), service);
    const usage = await this.usageLines(ctx, plan, segment, period, cutoff, share);
    const lines = [fee, ...usage.lines];
    const minimum = plan.minimumCommitment.times(share);
    const spent = sumDecimals(lines.map((l) => l.amount));
    if (spent.lessThan(minimum)) {
      lines.push(line('MINIMUM_COMMITMENT', `Minimum commitment of ${minimum.toDecimalPlaces(2).toFixed()} ${ctx.settings.currency}`, ZERO.plus(1), minimum.minus(spent), minimum.minus(spent), service));
    }
    return lines;
  }

  /**
   * Late usage: each earlier period with usage recorded after the previous
   * invoice's cutoff is billed the difference between what its charges come
   * to now and what they came to at that cutoff, per charge. Summed over all
   * invoices, a period is billed exactly what its usage comes to.
   */
  private async lateLines(ctx: Context, before: Date, previousCutoff: Date, cutoff: Date): Promise<Line[]> {
    const span = await this.invoices.lateUsageSpan(ctx.tx, ctx.orgId, ctx.subscription.startedAt, before, previousCutoff, cutoff);
    if (!span) return [];
    const zone = ctx.settings.timezone;
    const lines: Line[] = [];
    let at = span.first;
    while (at <= span.last) {
      const interval = ctx.plan(planAt(ctx.subscription, ctx.changes, at)).billingInterval;
      const nominal = billingPeriod(ctx.subscription.anchor, interval, ctx.subscription.startedAt, at, zone);
      const start = nominal.start < ctx.subscription.startedAt ? ctx.subscription.startedAt : nominal.start;
      const end = nominal.end < before ? nominal.end : before;
      const periodDays = localDaysBetween(nominal.start, nominal.end, zone);
      for (const segment of planSegments(ctx.subscription, ctx.changes, start, end)) {
        const plan = ctx.plan(segment.planId);
        const share = ZERO.plus(localDaysBetween(segment.start, segment.end, zone)).dividedBy(periodDays);
        const period = { end: nominal.end };
        const [now, then] = [await this.usageLines(ctx, plan, segment, period, cutoff, share), await this.usageLines(ctx, plan, segment, period, previousCutoff, share)];
        now.lines.forEach((current, i) => {
          const earlier = then.lines[i]!;
          const amount = current.amount.minus(earlier.amount);
          if (amount.lessThanOrEqualTo(0)) return;
          const quantity = current.quantity.minus(earlier.quantity);
          lines.push({
            ...current,
            kind: 'LATE_USAGE',
            description: `Late usage for ${localDateSpan(segment.start, segment.end, zone)}: ${current.description}`,
            quantity,
            unitPrice: quantity.isZero() ? ZERO : amount.dividedBy(quantity),
            amount,
            details: [{ description: 'now', quantity: current.quantity, unitPrice: current.unitPrice, amount: current.amount }, { description: 'billed before', quantity: earlier.quantity, unitPrice: earlier.unitPrice, amount: earlier.amount.negated() }],
          });
        });
      }
      at = nominal.end;
    }
    return lines;
  }
}

function line(kind: InvoiceLineKind, description: string, quantity: Decimal, unitPrice: Decimal, amount: Decimal, rest: Omit<Line, keyof InvoiceLineInput>): Line {
  return { kind, description, quantity, unitPrice, amount, taxable: true, ...rest };
}
