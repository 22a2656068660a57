import { Dec, parseDecimal } from '@tollgate/core';
import Decimal from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

function fromText(text: string): Decimal {
  try {
    return parseDecimal(text, 'Decimal');
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

/**
 * Exact decimal numbers (money, prices, quantities) as strings, so no value
 * ever passes through a binary float. Integers are accepted as input too.
 */
export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: 'An exact decimal number, serialized as a string such as "0.00000015" or "1250.50". Never a float.',
  serialize(value) {
    if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
    if (typeof value === 'string') return fromText(value).toFixed();
    throw new GraphQLError('Decimal fields must resolve to a Decimal');
  },
  parseValue(value) {
    if (typeof value === 'string') return fromText(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return new Dec(value);
    throw invalid('A Decimal must be sent as a string, e.g. "12.50" (or a whole number)');
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return fromText(ast.value);
    throw invalid('A Decimal literal must be a string such as "12.50"');
  },
});
