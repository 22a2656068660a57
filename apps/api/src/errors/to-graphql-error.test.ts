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

  it('answers a dependency outage as SERVICE_UNAVAILABLE, whatever the driver calls it, and a bug as internal', () => {
    const log = jest.fn();
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    const typeorm = Object.assign(new Error('Query failed'), { driverError: { code: '08006' } });
    for (const original of [terminated, refused, typeorm, new Error('Connection is closed.')]) {
      const wrapped = new GraphQLError(original.message, { originalError: original });
      expect(formatError(formatted(wrapped), wrapped, log).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
    }
    expect(log).not.toHaveBeenCalled();
    const bug = new GraphQLError('x', { originalError: Object.assign(new Error('null value in column'), { code: '23502' }) });
    expect(formatError(formatted(bug), bug, log).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('passes framework errors with a public code but drops stack traces', () => {
    const error = new GraphQLError('Cannot query field "nope"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at x'] } });
    expect(formatError(formatted(error), error, jest.fn()).extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
