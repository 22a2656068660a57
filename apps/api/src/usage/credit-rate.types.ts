import type Decimal from 'decimal.js';
import { Field, InputType, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';

@ObjectType({ description: 'Credits for an action (per units) or a workflow (per step).' })
export class CreditRate {
  @Field({ description: 'Feature name sent with usage, e.g. translate.' })
  feature: string;

  @Field({ description: 'ACTION or WORKFLOW.' })
  kind: string;

  @Field(() => DecimalScalar, { description: 'Credits per perUnits units.' })
  credits: Decimal;

  @Field(() => DecimalScalar, { description: 'Units the credits buy, e.g. 1000 words.' })
  perUnits: Decimal;

  @Field({ description: 'What units count.' })
  unit: string;

  @Field({ description: 'First instant the rate applies.' })
  effectiveFrom: Date;

  @Field({ description: 'True for a default from the configuration file.' })
  isDefault: boolean;
}

@ObjectType({ description: 'The money value of one credit from an instant on.' })
export class CreditValue {
  @Field(() => DecimalScalar, { description: 'Money per credit.' })
  amount: Decimal;

  @Field({ description: 'Currency.' })
  currency: string;

  @Field({ description: 'First instant it applies.' })
  effectiveFrom: Date;
}

@InputType({ description: 'A credit rate version for a feature.' })
export class SetCreditRateInput {
  @Field({ description: 'Feature name.' })
  feature: string;

  @Field({ description: 'ACTION or WORKFLOW.' })
  kind: 'ACTION' | 'WORKFLOW';

  @Field(() => DecimalScalar, { description: 'Credits per perUnits units.' })
  credits: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: 'Units the credits buy; 1 by default.' })
  perUnits?: Decimal | null;

  @Field(() => String, { nullable: true, description: 'What units count.' })
  unit?: string | null;

  @Field(() => Date, { nullable: true, description: 'From when; now by default.' })
  effectiveFrom?: Date | null;
}

@InputType({ description: 'A credit value version.' })
export class SetCreditValueInput {
  @Field(() => DecimalScalar, { description: 'Money per credit, more than zero.' })
  amount: Decimal;

  @Field({ description: 'Currency.' })
  currency: string;

  @Field(() => Date, { nullable: true, description: 'From when; now by default.' })
  effectiveFrom?: Date | null;
}
