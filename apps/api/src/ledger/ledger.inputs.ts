import type Decimal from 'decimal.js';
import { Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { QuotaSubjectInput } from '../quotas/quota.types';
import { DecimalScalar } from '../scalars/decimal.scalar';

@InputType({ description: 'Credits into the wallet.' })
export class TopUpCreditsInput {
  @Field({ description: 'Unique per organization; a retry returns the first transaction.' })
  @Length(1, 200)
  idempotencyKey: string;

  @Field(() => DecimalScalar, { description: 'Credits to add, more than zero.' })
  credits: Decimal;

  @Field(() => String, { nullable: true, description: 'TOP_UP (bought, the default) or GRANT (given).' })
  kind?: 'TOP_UP' | 'GRANT' | null;

  @Field(() => ID, { nullable: true, description: 'Project wallet, or the org-wide one.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Why, for the audit trail.' })
  description?: string | null;

  @Field(() => QuotaSubjectInput, { nullable: true, description: 'Also replenish this quota for its current period.' })
  quotaSubject?: QuotaSubjectInput | null;
}

@InputType({ description: 'Which ledger transactions to list.' })
export class LedgerFilterInput {
  @Field(() => String, { nullable: true, description: 'Only this kind, e.g. USAGE.' })
  kind?: 'USAGE' | 'TOP_UP' | 'GRANT' | 'REVERSAL' | 'INVOICE' | 'PAYMENT' | 'CHARGEBACK' | null;

  @Field(() => String, { nullable: true, description: 'Only transactions touching this account.' })
  account?: string | null;

  @Field(() => String, { nullable: true, description: 'Only transactions moving this asset.' })
  asset?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only transactions touching this project.' })
  projectId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Posted at or after.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Posted before.' })
  to?: Date | null;
}
