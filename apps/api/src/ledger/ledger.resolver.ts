import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { LedgerFilterInput, TopUpCreditsInput } from './ledger.inputs';
import { Balance, LedgerTransaction, LedgerTransactionConnection } from './ledger.types';

@Resolver(() => LedgerTransaction)
export class LedgerResolver {
  @Authorized(...ROLES.admins)
  @Mutation(() => LedgerTransaction, { description: 'Adds credits to the wallet; idempotent on idempotencyKey.' })
  topUpCredits(@Ctx() { app, principal }: GraphQLContext, @Arg('input') input: TopUpCreditsInput): Promise<LedgerTransaction> {
    return app.ledger.topUpCredits(principal, input);
  }

  @Authorized(...ROLES.readers)
  @Query(() => Balance, { description: 'Credits and spend of the organization, or of one project.' })
  balance(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('projectId', () => ID, { nullable: true, description: 'Only this project.' }) projectId?: string | null,
  ): Promise<Balance> {
    return app.ledger.balance(principal, projectId);
  }

  @Authorized(...ROLES.readers)
  @Query(() => LedgerTransactionConnection, { description: 'The journal, newest first.' })
  ledgerEntries(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('filter', () => LedgerFilterInput, { nullable: true, description: 'What to include.' }) filter?: LedgerFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (50 by default).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string | null,
  ) {
    return app.ledger.ledgerEntries(principal, filter ?? {}, first, after);
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => LedgerTransaction, { description: 'Voids a usage event: it leaves reports and a REVERSAL undoes its postings.' })
  voidUsageEvent(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('id', () => ID, { description: 'The usage event.' }) id: string,
    @Arg('reason', { description: 'Why, for the audit trail.' }) reason: string,
  ): Promise<LedgerTransaction> {
    return app.usage.voidUsageEvent(principal, id, reason);
  }
}
