import { Field, ID, ObjectType } from 'type-graphql';
import { Organization } from '../orgs/organization.type';

@ObjectType({ description: 'Who the caller is.' })
export class Viewer {
  @Field({ description: 'The role in force: an org role, or PLATFORM_ADMIN.' })
  role: string;

  @Field(() => ID, { nullable: true, description: 'The API key used, if any.' })
  apiKeyId: string | null;

  @Field(() => Organization, { nullable: true, description: 'The organization the caller acts in; null for the platform admin.' })
  organization: Organization | null;
}
