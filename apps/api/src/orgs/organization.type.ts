import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A tenant: every usage event, budget and invoice belongs to one.' })
export class Organization {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field({ description: 'Display name.' })
  name: string;

  @Field({ description: 'ISO 4217 currency the organization is billed in.' })
  currency: string;

  @Field({ description: 'IANA time zone in which its periods (days, months) are counted.' })
  timezone: string;

  @Field({ description: 'When it was created.' })
  createdAt: Date;
}
