import { SafeIntResolver } from 'graphql-scalars';
import { ROLES } from '@tollgate/services';
import type { InvoiceRow } from '@tollgate/db';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { ORGANIZATION_ARG } from '../orgs/organization-arg';
import { BillingRun, BillingRunStatusEnum, Invoice, InvoiceConnection, InvoiceFilterInput, InvoiceLine } from './invoice.types';

@Resolver(() => Invoice)
export class InvoicesResolver {
  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => InvoiceConnection, { description: 'Invoices of the organization, newest period first.' })
  invoices(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('filter', () => InvoiceFilterInput, { nullable: true, description: 'Which invoices.' }) filter?: InvoiceFilterInput | null,
    @Arg('first', () => SafeIntResolver, { nullable: true, description: 'Page size, 1 to 200 (50 by default).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last edge of the previous page.' }) after?: string | null,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return app.billing.listInvoices(principal, { organizationId, filter, first, after });
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => Invoice, { description: 'One invoice with its lines.' })
  invoice(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The invoice.' }) id: string, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.billing.getInvoice(principal, id, organizationId);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => [BillingRun], { description: 'Bills every period of the organization’s subscriptions that ended by periodEnd and is not invoiced yet (the hourly schedule does the same); failed runs are retried.' })
  runBillingCycle(@Ctx() { app, principal }: GraphQLContext, @Arg('periodEnd', { description: 'Bill periods ending at or before this instant (not in the future).' }) periodEnd: Date, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.billingRuns.runBillingCycle(principal, { organizationId, periodEnd });
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Query(() => [BillingRun], { description: 'Billing runs, newest period first, with their progress.' })
  billingRuns(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('status', () => BillingRunStatusEnum, { nullable: true, description: 'Only this status.' }) status?: 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | null,
    @Arg('subscriptionId', () => ID, { nullable: true, description: 'Only this subscription.' }) subscriptionId?: string | null,
    @Arg('first', () => SafeIntResolver, { nullable: true, description: 'How many, 1 to 500 (50 by default).' }) first?: number | null,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return app.billingRuns.listRuns(principal, { organizationId, status, subscriptionId, first });
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => Invoice, { description: 'Recomputes a draft with the usage recorded until now.' })
  refreshInvoice(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The draft.' }) id: string, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.billing.refreshInvoice(principal, id, organizationId);
  }

  @Authorized('PLATFORM_ADMIN')
  @Mutation(() => Invoice, { description: 'Finalizes a draft before its grace period ends: numbered, posted to the ledger, immutable.' })
  finalizeInvoice(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The draft.' }) id: string, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.billing.finalizeInvoice(principal, id, organizationId);
  }

  @Authorized('PLATFORM_ADMIN')
  @Mutation(() => Invoice, { description: 'Records the payment of a finalized invoice (posted to the ledger). Repeating it changes nothing.' })
  markInvoicePaid(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('id', () => ID, { description: 'The invoice.' }) id: string,
    @Arg('paymentReference', () => String, { nullable: true, description: 'Bank or processor reference.' }) paymentReference?: string | null,
    @Arg('paidAt', () => Date, { nullable: true, description: 'When; now by default.' }) paidAt?: Date | null,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return app.billing.markInvoicePaid(principal, { organizationId, id, paidAt, paymentReference });
  }

  @Authorized('PLATFORM_ADMIN')
  @Mutation(() => Invoice, { description: 'Voids a draft, or a finalized invoice (reversal posted, credit note numbered). Paid invoices cannot be voided.' })
  voidInvoice(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('id', () => ID, { description: 'The invoice.' }) id: string,
    @Arg('reason', { description: 'Why.' }) reason: string,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return app.billing.voidInvoice(principal, { organizationId, id, reason });
  }

  @FieldResolver(() => [InvoiceLine], { description: 'The lines, in order.' })
  lines(@Root() invoice: InvoiceRow, @Ctx() { loaders }: GraphQLContext) {
    return loaders.invoiceLines.load({ orgId: invoice.orgId, invoiceId: invoice.id });
  }

  @FieldResolver(() => String, { description: 'Path of the HTML rendering (GET with the same Authorization header).' })
  htmlUrl(@Root() invoice: InvoiceRow) {
    return `/invoices/${invoice.id}.html`;
  }

  @FieldResolver(() => String, { description: 'Path of the PDF download (GET with the same Authorization header).' })
  pdfUrl(@Root() invoice: InvoiceRow) {
    return `/invoices/${invoice.id}.pdf`;
  }
}
