import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../pagination/connection.type';
import { DecimalScalar } from '../scalars/decimal.scalar';

@ObjectType({ description: 'One leg of a ledger transaction: positive is a debit, negative a credit.' })
export class LedgerPosting {
  @Field(() => Int, { description: 'Position in the transaction.' })
  seq: number;

  @Field({ description: 'Account, e.g. org:credit_wallet, org:usage_spend, system:usage_revenue.' })
  account: string;

  @Field(() => ID, { nullable: true, description: 'Project the leg belongs to, if any.' })
  projectId: string | null;

  @Field({ description: 'A currency code, or CREDIT.' })
  asset: string;

  @Field(() => DecimalScalar, { description: 'Signed amount; the legs of a transaction sum to zero per asset.' })
  amount: Decimal;
}

@ObjectType({ description: 'A balanced, immutable ledger transaction: the audit trail of every usage, top-up, grant and correction.' })
export class LedgerTransaction {
  @Field(() => ID, { description: 'Transaction GUID.' })
  id: string;

  @Field({ description: 'USAGE, TOP_UP, GRANT, REVERSAL, INVOICE, PAYMENT or CHARGEBACK.' })
  kind: string;

  @Field({ description: 'Who caused it: api-key:<id>, platform-admin or a service.' })
  actor: string;

  @Field({ description: 'What caused it: usage_batch, usage_event, credit_top_up, ...' })
  sourceType: string;

  @Field(() => String, { nullable: true, description: 'Id of the cause (batch, event, idempotency key).' })
  sourceId: string | null;

  @Field(() => String, { nullable: true, description: 'Free text.' })
  description: string | null;

  @Field(() => ID, { nullable: true, description: 'The transaction a REVERSAL corrects.' })
  reversesTransactionId: string | null;

  @Field({ description: 'When it was posted.' })
  createdAt: Date;

  @Field(() => [LedgerPosting], { description: 'Its legs.' })
  postings: LedgerPosting[];
}

@ObjectType({ description: 'An amount of money in a currency.' })
export class MoneyAmount {
  @Field({ description: 'ISO 4217 code.' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'Exact amount.' })
  amount: Decimal;
}

@ObjectType({ description: 'Balance of one account for an asset and project.' })
export class AccountBalance {
  @Field({ description: 'Account name.' })
  account: string;

  @Field(() => ID, { nullable: true, description: 'Project, or null for org-wide legs.' })
  projectId: string | null;

  @Field({ description: 'Currency code or CREDIT.' })
  asset: string;

  @Field(() => DecimalScalar, { description: 'Sum of the postings.' })
  balance: Decimal;
}

@ObjectType({ description: 'What an organization (or one project) holds and has spent.' })
export class Balance {
  @Field(() => DecimalScalar, { description: 'Credits left in the wallet (negative when usage ran past them).' })
  credits: Decimal;

  @Field(() => [MoneyAmount], { description: 'Usage spend accrued, per currency.' })
  spend: MoneyAmount[];

  @Field(() => [AccountBalance], { description: 'Every account in detail.' })
  accounts: AccountBalance[];
}

export const LedgerTransactionConnection = Connection(LedgerTransaction, 'LedgerTransaction');
