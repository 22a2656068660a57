import { ApiKeyEntity } from './orgs/api-key.entity';
import { OrganizationEntity } from './orgs/organization.entity';
import { ProjectEntity } from './orgs/project.entity';
import { UserEntity } from './orgs/user.entity';
import { CatalogPriceEntity } from './pricing/catalog-price.entity';
import { OrgModelPriceEntity } from './pricing/org-model-price.entity';

export const ENTITIES = [
  OrganizationEntity,
  ProjectEntity,
  UserEntity,
  ApiKeyEntity,
  CatalogPriceEntity,
  OrgModelPriceEntity,
];
