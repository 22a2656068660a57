import type Decimal from 'decimal.js';
import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { graphqlEnum } from '../schema/graphql-enum';

export const AllocationRuleKindEnum = graphqlEnum('AllocationRuleKind', ['PROJECT', 'USER', 'TAG'] as const, 'What an allocation rule matches.');

@ObjectType({ description: 'A cost center that AI spend is charged back to.' })
export class CostCenter {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field({ description: 'Short code, unique in the organization.' })
  code: string;

  @Field({ description: 'Name.' })
  name: string;

  @Field({ description: 'Ledger account its spend is debited to in the journal export.' })
  account: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Fixed percent of shared spend; null when shared spend follows direct spend.' })
  sharedPercent: Decimal | null;
}

@ObjectType({ description: 'A rule: spend of a project, a user or a tag value goes to a cost center.' })
export class AllocationRule {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field(() => ID, { description: 'The cost center.' })
  costCenterId: string;

  @Field(() => AllocationRuleKindEnum, { description: 'What it matches.' })
  kind: string;

  @Field({ description: 'Project id, user id or tag key.' })
  matchKey: string;

  @Field({ description: 'Tag value (empty for project and user rules).' })
  matchValue: string;

  @Field(() => SafeIntResolver, { description: 'Lower first; on equal priority tag rules win over user rules over project rules.' })
  priority: number;
}

@InputType({ description: 'A tag to match.' })
export class TagMatchInput {
  @Field({ description: 'Tag key.' })
  key: string;

  @Field({ description: 'Tag value.' })
  value: string;
}

@InputType({ description: 'An allocation rule: exactly one of projectId, userId and tag.' })
export class AllocationRuleInput {
  @Field(() => ID, { description: 'The cost center.' })
  costCenterId: string;

  @Field(() => ID, { nullable: true, description: 'Spend of this project.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Spend of this user (external id).' })
  userId?: string | null;

  @Field(() => TagMatchInput, { nullable: true, description: 'Spend of events with this tag.' })
  tag?: TagMatchInput | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Lower first; 100 by default.' })
  priority?: number | null;

  @Field(() => ID, { nullable: true, description: 'Required for the platform admin key.' })
  organizationId?: string | null;
}

@InputType({ description: 'A fixed share of shared spend.' })
export class SharedShareInput {
  @Field(() => ID, { description: 'The cost center.' })
  costCenterId: string;

  @Field(() => DecimalScalar, { description: 'Percent; all shares sum to 100.' })
  percent: Decimal;
}

@ObjectType({ description: 'A cost center’s part of a month’s spend.' })
export class ChargebackLine {
  @Field(() => CostCenter, { description: 'The cost center.' })
  costCenter: CostCenter;

  @Field(() => DecimalScalar, { description: 'Spend its rules claimed, in whole minor units.' })
  direct: Decimal;

  @Field(() => DecimalScalar, { description: 'Its share of spend no rule claimed.' })
  shared: Decimal;

  @Field(() => DecimalScalar, { description: 'direct + shared.' })
  total: Decimal;
}

@ObjectType({ description: 'A month’s AI spend charged back to cost centers; the lines sum exactly to the total.' })
export class ChargebackStatement {
  @Field({ description: 'The month, YYYY-MM in the organization’s zone.' })
  period: string;

  @Field({ description: 'Start of the month.' })
  periodStart: Date;

  @Field({ description: 'End of the month (exclusive).' })
  periodEnd: Date;

  @Field({ description: 'Currency (the organization’s).' })
  currency: string;

  @Field({ description: 'True once the monthly job wrote it; false while computed from current usage.' })
  final: boolean;

  @Field(() => DecimalScalar, { description: 'Spend of the month, rounded once.' })
  total: Decimal;

  @Field(() => DecimalScalar, { description: 'Spend no rule claimed (shared out), after rounding.' })
  unclaimed: Decimal;

  @Field(() => [ChargebackLine], { description: 'One line per cost center.' })
  lines: ChargebackLine[];
}
