import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: "A person or end user of the organization's product; usage and budgets can be scoped to one." })
export class User {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field({ description: "The organization's own id for the user, as sent with usage." })
  externalId: string;

  @Field(() => String, { nullable: true, description: 'Email address, if known.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Name to show, if known.' })
  displayName: string | null;

  @Field({ description: 'When Tollgate first saw the user.' })
  createdAt: Date;
}
