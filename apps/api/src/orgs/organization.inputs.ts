import type { OrgRole } from '@tollgate/db';
import { IsEmail, IsOptional, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { OrgRoleEnum } from './org-role.enum';

@InputType({ description: 'A new organization.' })
export class CreateOrganizationInput {
  @Field({ description: 'Display name, 1 to 200 characters.' })
  @Length(1, 200)
  name: string;

  @Field({ description: 'ISO 4217 billing currency, e.g. USD or EUR.' })
  @Length(3, 3)
  currency: string;

  @Field({ description: 'IANA time zone, e.g. Europe/Paris.' })
  timezone: string;
}

@InputType({ description: 'A new API key.' })
export class CreateApiKeyInput {
  @Field(() => ID, { nullable: true, description: "The organization; required for the platform admin key, else the caller's own." })
  organizationId?: string | null;

  @Field({ description: 'A label for people, 1 to 200 characters.' })
  @Length(1, 200)
  name: string;

  @Field(() => OrgRoleEnum, { description: 'What the key may do.' })
  role: OrgRole;
}

@InputType({ description: 'A new project.' })
export class CreateProjectInput {
  @Field({ description: 'Name, unique in the organization.' })
  @Length(1, 200)
  name: string;
}

@InputType({ description: 'A user, by the organization’s own id for them.' })
export class UpsertUserInput {
  @Field({ description: "The organization's id for the user, 1 to 200 characters." })
  @Length(1, 200)
  externalId: string;

  @Field(() => String, { nullable: true, description: 'Email address.' })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Name to show.' })
  @IsOptional()
  @Length(1, 200)
  displayName?: string | null;
}
