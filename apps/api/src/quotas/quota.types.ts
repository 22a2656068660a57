import type Decimal from 'decimal.js';
import type { QuotaPeriod, QuotaSubjectType, QuotaTier } from '@tollgate/db';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../schema/graphql-enum';
import { DecimalScalar } from '../scalars/decimal.scalar';

export const QuotaTierEnum = graphqlEnum(
  'QuotaTier',
  ['FREE', 'STANDARD', 'ENTERPRISE', 'CUSTOM'] as const,
  'FREE, STANDARD and ENTERPRISE take their limits from the configuration (by default 100 and 10,000 credits a day, and unlimited); CUSTOM sets its own.',
);
export type QuotaTierEnum = (typeof QuotaTierEnum)[keyof typeof QuotaTierEnum];

export const QuotaSubjectTypeEnum = graphqlEnum('QuotaSubjectType', ['ORG', 'USER'] as const, 'Whom a quota applies to: the whole organization, or one end user (by userId).');
export type QuotaSubjectTypeEnum = (typeof QuotaSubjectTypeEnum)[keyof typeof QuotaSubjectTypeEnum];

@InputType({ description: 'Puts the organization or a user on a quota plan; the configured tier fills what is not given.' })
export class SetQuotaPlanInput {
  @Field(() => QuotaSubjectTypeEnum, { description: 'ORG or USER.' })
  subjectType: QuotaSubjectType;

  @Field(() => String, { nullable: true, description: 'For USER: the end user id sent with usage.' })
  userId?: string | null;

  @Field(() => QuotaTierEnum, { description: 'The tier.' })
  tier: QuotaTier;

  @Field(() => String, { nullable: true, description: 'HOURLY, DAILY, WEEKLY, MONTHLY, QUARTERLY or YEARLY.' })
  period?: QuotaPeriod | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credits per period.' })
  credits?: Decimal | null;

  @Field(() => Boolean, { nullable: true, description: 'No credit limit.' })
  unlimited?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Requests a minute.' })
  requestsPerMinute?: number | null;

  @Field(() => Int, { nullable: true, description: 'Tokens a minute (estimated input plus output).' })
  tokensPerMinute?: number | null;
}

@InputType({ description: 'Whose quota: the organization, or one end user.' })
export class QuotaSubjectInput {
  @Field(() => QuotaSubjectTypeEnum, { description: 'ORG or USER.' })
  subjectType: QuotaSubjectType;

  @Field(() => String, { nullable: true, description: 'For USER: the end user id.' })
  userId?: string | null;
}

@ObjectType({ description: 'A quota and where its subject stands this period.' })
export class Quota {
  @Field(() => ID, { description: 'The assignment.' })
  id: string;

  @Field(() => QuotaSubjectTypeEnum, { description: 'ORG or USER.' })
  subjectType: QuotaSubjectType;

  @Field(() => String, { nullable: true, description: 'The user, for USER quotas.' })
  userId: string | null;

  @Field(() => QuotaTierEnum, { description: 'The tier.' })
  tier: QuotaTier;

  @Field({ description: 'When it starts over.' })
  period: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credits per period; null = unlimited.' })
  credits: Decimal | null;

  @Field(() => Int, { nullable: true, description: 'Requests a minute.' })
  requestsPerMinute: number | null;

  @Field(() => Int, { nullable: true, description: 'Tokens a minute.' })
  tokensPerMinute: number | null;

  @Field(() => DecimalScalar, { description: 'Credits bought for this quota this period (topUpCredits), on top of the allowance.' })
  toppedUp: Decimal;

  @Field(() => DecimalScalar, { description: 'Credits used this period.' })
  used: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credits left this period; null = unlimited.' })
  remaining: Decimal | null;

  @Field({ description: 'Start of this period.' })
  periodStart: Date;

  @Field(() => Date, { nullable: true, description: 'When it resets.' })
  resetsAt: Date | null;
}
