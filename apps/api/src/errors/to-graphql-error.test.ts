import { DomainError } from '@tollgate/core';
import { GraphQLError } from 'graphql';
import { formatError } from './to-graphql-error';

const formatted = (error: GraphQLError) => ({ message: error.message, extensions: error.extensions, path: ['field'] });

describe('formatError', () => {
  it('keeps a domain error’s message, code, reason and details', () => {
    const log = jest.fn();
    const original = new DomainError('NOT_FOUND', 'No price', { reason: 'NO_PRICE_IN_FORCE', details: { model: 'x' } });
    const wrapped = new GraphQLError('No price', { originalError: original });
    expect(formatError(formatted(wrapped), wrapped, log)).toEqual({
      message: 'No price',
      path: ['field'],
      extensions: { code: 'NOT_FOUND', reason: 'NO_PRICE_IN_FORCE', details: { model: 'x' } },
    });
    expect(log).not.toHaveBeenCalled();
  });

  it('masks an unexpected error and logs the original', () => {
    const log = jest.fn();
    const original = new Error('connection to 10.0.0.5 refused: password authentication failed');
    const wrapped = new GraphQLError(original.message, { originalError: original, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const result = formatError(formatted(wrapped), wrapped, log);
    expect(result).toEqual({ message: 'Internal server error', path: ['field'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(result)).not.toContain('10.0.0.5');
    expect(log).toHaveBeenCalledWith(original);
  });

  it('passes framework errors with a public code but drops stack traces', () => {
    const error = new GraphQLError('Cannot query field "nope"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at x'] } });
    expect(formatError(formatted(error), error, jest.fn()).extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
