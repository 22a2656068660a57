import { registerEnumType } from 'type-graphql';

type EnumObject<T extends readonly string[]> = { [K in T[number]]: K };

/**
 * A GraphQL enum made from the list of values the domain already has, so a
 * value is named once. The returned object is what `@Field(() => ...)` takes.
 */
export function graphqlEnum<const T extends readonly string[]>(
  name: string,
  values: T,
  description: string,
  valuesConfig?: Partial<Record<T[number], { description: string }>>,
): EnumObject<T> {
  const enumObject = Object.fromEntries(values.map((value) => [value, value])) as EnumObject<T>;
  registerEnumType(enumObject, { name, description, ...(valuesConfig ? { valuesConfig } : {}) });
  return enumObject;
}
