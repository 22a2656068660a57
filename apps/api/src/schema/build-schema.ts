import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/auth-checker';
import { ApiKeysResolver } from '../orgs/api-keys.resolver';
import { OrganizationsResolver } from '../orgs/organizations.resolver';
import { PricingResolver } from '../pricing/pricing.resolver';
import { ViewerResolver } from '../viewer/viewer.resolver';

export const RESOLVERS = [ViewerResolver, OrganizationsResolver, ApiKeysResolver, PricingResolver] as const;

/** The executable schema; built once per process. */
export function buildTollgateSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: { forbidUnknownValues: false },
  });
}

/** The schema as checked in at apps/api/schema.graphql (sorted, so the file diff is meaningful). */
export const printTollgateSchema = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
