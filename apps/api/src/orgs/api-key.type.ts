import type { OrgRole } from '@tollgate/db';
import { Field, ID, ObjectType } from 'type-graphql';
import { OrgRoleEnum } from './org-role.enum';
import { Organization } from './organization.type';

@ObjectType({ description: 'An API key. Its secret is shown once, when created; only a hash is kept.' })
export class ApiKey {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  orgId: string;

  @Field({ description: 'A label for people.' })
  name: string;

  @Field({ description: 'The public part of the key, to recognise it in lists and logs.' })
  prefix: string;

  @Field(() => OrgRoleEnum, { description: 'What the key may do.' })
  role: OrgRole;

  @Field({ description: 'Who created it (an API key id or the platform admin).' })
  createdBy: string;

  @Field({ description: 'When it was created.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was revoked; a revoked key authenticates nothing.' })
  revokedAt: Date | null;

  @Field(() => Organization, { description: 'The organization the key acts in.' })
  organization?: Organization;
}

@ObjectType({ description: 'A newly created key with its secret, which is never shown again.' })
export class CreatedApiKey {
  @Field({ description: 'The full key to send as "Authorization: Bearer <secret>". Store it now.' })
  secret: string;

  @Field(() => ApiKey, { description: 'The key as listed from now on.' })
  apiKey: ApiKey;
}
