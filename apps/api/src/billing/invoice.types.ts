import type Decimal from 'decimal.js';
import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Connection } from '../pagination/connection.type';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { graphqlEnum } from '../schema/graphql-enum';

export const InvoiceStatusEnum = graphqlEnum(
  'InvoiceStatus',
  ['DRAFT', 'FINALIZED', 'PAID', 'VOID'] as const,
  'DRAFT: still recomputed during the grace period; FINALIZED: numbered, posted, immutable; PAID; VOID (a finalized invoice voided gets a credit note).',
);
export const InvoiceLineKindEnum = graphqlEnum(
  'InvoiceLineKind',
  ['PLAN_FEE', 'CHARGE', 'OVERAGE', 'LATE_USAGE', 'MINIMUM_COMMITMENT'] as const,
  'What an invoice line bills.',
);
export const BillingRunStatusEnum = graphqlEnum('BillingRunStatus', ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'] as const, 'Where a billing run is.');

@ObjectType({ description: 'One step of how a charge model reached a line amount (a tier, a package count, ...).' })
export class ChargeStepView {
  @Field({ description: 'What the step is.' })
  description: string;

  @Field(() => DecimalScalar, { description: 'Units in the step.' })
  quantity: Decimal;

  @Field(() => DecimalScalar, { description: 'Price per unit.' })
  unitPrice: Decimal;

  @Field(() => DecimalScalar, { description: 'Amount of the step, full precision.' })
  amount: Decimal;
}

@ObjectType({ description: 'A line of an invoice.' })
export class InvoiceLine {
  @Field(() => InvoiceLineKindEnum, { description: 'What the line bills.' })
  kind: string;

  @Field(() => String, { nullable: true, description: 'The plan charge it comes from, if any.' })
  chargeCode: string | null;

  @Field({ description: 'Text on the invoice.' })
  description: string;

  @Field(() => DecimalScalar, { description: 'Quantity (units, share of the period for a fee).' })
  quantity: Decimal;

  @Field(() => DecimalScalar, { description: 'Price per unit (the average for tiered models).' })
  unitPrice: Decimal;

  @Field(() => DecimalScalar, { description: 'Amount, rounded half-up to the currency minor unit.' })
  amount: Decimal;

  @Field(() => DecimalScalar, { description: 'Amount before rounding.' })
  unroundedAmount: Decimal;

  @Field({ description: 'Whether the org’s tax rates apply.' })
  taxable: boolean;

  @Field({ description: 'Start of the usage or service billed.' })
  serviceStart: Date;

  @Field({ description: 'End (exclusive) of the usage or service billed.' })
  serviceEnd: Date;

  @Field(() => [ChargeStepView], { description: 'How the charge model got to the amount.' })
  details: ChargeStepView[];
}

@ObjectType({ description: 'A discount applied to an invoice.' })
export class InvoiceDiscount {
  @Field({ description: 'Coupon or discount name.' })
  name: string;

  @Field(() => DecimalScalar, { description: 'Amount taken off the subtotal.' })
  amount: Decimal;

  @Field(() => ID, { nullable: true, description: 'The coupon applied.' })
  couponId: string | null;
}

@ObjectType({ description: 'A tax on an invoice.' })
export class InvoiceTax {
  @Field({ description: 'Tax name.' })
  name: string;

  @Field(() => DecimalScalar, { description: 'Rate in percent.' })
  percent: Decimal;

  @Field(() => DecimalScalar, { description: 'Tax on the taxable amount after discounts.' })
  amount: Decimal;
}

@ObjectType({ description: 'An invoice of a subscription for one billing period.' })
export class Invoice {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  orgId: string;

  @Field(() => String, { nullable: true, description: 'Gapless number per organization and year, e.g. ACME-2026-0007; set at finalization.' })
  number: string | null;

  @Field(() => InvoiceStatusEnum, { description: 'Lifecycle state.' })
  status: string;

  @Field(() => ID, { description: 'The subscription billed.' })
  subscriptionId: string;

  @Field(() => ID, { description: 'The plan in force at the end of the period.' })
  planId: string;

  @Field({ description: 'Start of the billing period.' })
  periodStart: Date;

  @Field({ description: 'End (exclusive) of the billing period.' })
  periodEnd: Date;

  @Field({ description: 'ISO 4217 currency (the organization’s).' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'Sum of the rounded lines.' })
  subtotal: Decimal;

  @Field(() => [InvoiceDiscount], { description: 'Coupons and discounts applied.' })
  discounts: InvoiceDiscount[];

  @Field(() => DecimalScalar, { description: 'Sum of the discounts.' })
  discountTotal: Decimal;

  @Field(() => DecimalScalar, { description: 'Taxable lines after their share of the discounts.' })
  taxableAmount: Decimal;

  @Field(() => [InvoiceTax], { description: 'Taxes.' })
  taxes: InvoiceTax[];

  @Field(() => DecimalScalar, { description: 'Sum of the taxes.' })
  taxTotal: Decimal;

  @Field(() => DecimalScalar, { description: 'subtotal − discountTotal + taxTotal.' })
  total: Decimal;

  @Field(() => DecimalScalar, { description: 'Prepaid money applied.' })
  prepaidApplied: Decimal;

  @Field(() => DecimalScalar, { description: 'What is left to pay.' })
  amountDue: Decimal;

  @Field({ description: 'Usage recorded up to this instant is on the invoice; later usage of the period goes on the next one.' })
  usageCutoff: Date;

  @Field({ description: 'When a draft is finalized.' })
  graceEndsAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was finalized.' })
  finalizedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was paid.' })
  paidAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Payment reference given when marked paid.' })
  paymentReference: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was voided.' })
  voidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was voided.' })
  voidReason: string | null;

  @Field(() => String, { nullable: true, description: 'Number of the credit note issued when a finalized invoice was voided.' })
  creditNoteNumber: string | null;

  @Field(() => ID, { nullable: true, description: 'The ledger transaction posted at finalization.' })
  ledgerTransactionId: string | null;
}

export const InvoiceConnection = Connection(Invoice, 'Invoice');

@InputType({ description: 'Which invoices to list.' })
export class InvoiceFilterInput {
  @Field(() => InvoiceStatusEnum, { nullable: true, description: 'Only this status.' })
  status?: 'DRAFT' | 'FINALIZED' | 'PAID' | 'VOID' | null;

  @Field(() => ID, { nullable: true, description: 'Only this subscription.' })
  subscriptionId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Periods starting at or after.' })
  periodFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Periods starting before.' })
  periodTo?: Date | null;
}

@ObjectType({ description: 'One billing run: a subscription’s period being invoiced by the worker.' })
export class BillingRun {
  @Field(() => ID, { description: 'Run id, also the job id: org, subscription and period start.' })
  id: string;

  @Field(() => ID, { description: 'The subscription.' })
  subscriptionId: string;

  @Field({ description: 'Start of the period.' })
  periodStart: Date;

  @Field({ description: 'End of the period.' })
  periodEnd: Date;

  @Field(() => BillingRunStatusEnum, { description: 'Where the run is.' })
  status: string;

  @Field(() => String, { nullable: true, description: 'Last stage reached (computing, finalizing, DRAFT, FINALIZED).' })
  stage: string | null;

  @Field(() => SafeIntResolver, { description: 'Attempts so far.' })
  attempts: number;

  @Field(() => ID, { nullable: true, description: 'The invoice made.' })
  invoiceId: string | null;

  @Field(() => String, { nullable: true, description: 'Last error, if the run failed.' })
  error: string | null;

  @Field({ description: 'Who asked: the hourly schedule or a key.' })
  requestedBy: string;

  @Field({ description: 'Last change.' })
  updatedAt: Date;
}

@ObjectType({ description: 'A tax rate of an organization.' })
@InputType('TaxRateInput', { description: 'A tax rate.' })
export class TaxRate {
  @Field({ description: 'Name on the invoice, e.g. VAT.' })
  name: string;

  @Field(() => DecimalScalar, { description: 'Percent, 0 to 100.' })
  percent: Decimal;
}

@ObjectType({ description: 'How an organization is invoiced.' })
export class BillingSettings {
  @Field({ description: 'Invoice number prefix in use (set, or derived from the name).' })
  invoicePrefix: string;

  @Field({ description: 'Invoice currency.' })
  currency: string;

  @Field({ description: 'Zone of billing periods.' })
  timezone: string;

  @Field(() => [TaxRate], { description: 'Taxes applied to taxable lines, in order.' })
  taxRates: TaxRate[];

  @Field(() => DecimalScalar, { description: 'Prepaid money not yet applied to invoices.' })
  prepaidBalance: Decimal;
}

@ObjectType({ description: 'A coupon: a percent or fixed discount on an organization’s invoices, for N periods or forever.' })
export class Coupon {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field({ description: 'Name on the invoice.' })
  name: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Percent off the subtotal.' })
  percentOff: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Fixed amount off.' })
  amountOff: Decimal | null;

  @Field(() => String, { nullable: true, description: 'Currency of amountOff.' })
  currency: string | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Invoices it applies to; null = every one.' })
  durationPeriods: number | null;

  @Field({ description: 'Periods ending after this instant get it.' })
  appliesFrom: Date;
}

@InputType({ description: 'A coupon to grant.' })
export class CreateCouponInput {
  @Field(() => ID, { nullable: true, description: 'Required for the platform admin key.' })
  organizationId?: string | null;

  @Field({ description: 'Name on the invoice.' })
  name: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Percent off (give this or amountOff).' })
  percentOff?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Fixed amount off (give this or percentOff).' })
  amountOff?: Decimal | null;

  @Field(() => String, { nullable: true, description: 'Currency of amountOff.' })
  currency?: string | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Number of invoices; null = forever.' })
  durationPeriods?: number | null;

  @Field(() => Date, { nullable: true, description: 'Start; now by default.' })
  appliesFrom?: Date | null;
}

@ObjectType({ description: 'A versioned FX rate: 1 base = rate quote from effectiveFrom on.' })
@InputType('FxRateInput', { description: 'An FX rate version.' })
export class FxRate {
  @Field({ description: 'Currency converted from.' })
  base: string;

  @Field({ description: 'Currency converted to.' })
  quote: string;

  @Field(() => DecimalScalar, { description: 'Units of quote per unit of base.' })
  rate: Decimal;

  @Field({ description: 'In force from this instant until a later version.' })
  effectiveFrom: Date;
}
