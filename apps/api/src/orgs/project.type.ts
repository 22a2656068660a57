import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A project inside an organization; usage and budgets can be scoped to it.' })
export class Project {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field({ description: 'Name, unique in the organization.' })
  name: string;

  @Field({ description: 'When it was created.' })
  createdAt: Date;
}
