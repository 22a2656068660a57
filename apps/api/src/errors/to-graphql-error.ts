import { ERROR_CODES, isDomainError } from '@tollgate/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const HTTP_STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401 };

/** The GraphQL form of a domain error: message, `extensions.code`, reason and details. */
export function domainErrorToGraphQL(error: unknown): GraphQLError | null {
  if (!isDomainError(error)) return null;
  const status = HTTP_STATUS[error.code];
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      ...(error.reason ? { reason: error.reason } : {}),
      ...(error.details ? { details: error.details } : {}),
      ...(status ? { http: { status } } : {}),
    },
  });
}

/** Codes whose messages are meant for callers; anything else is masked. */
const PUBLIC_CODES = new Set<string>([
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
]);

/** PostgreSQL class 08 (connection) and 57P0x (server shutting sessions down); node and ioredis connection failures. */
const OUTAGE_PG_CODE = /^(08|57P0)/;
const OUTAGE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const OUTAGE_MESSAGES = /Connection terminated|Connection is closed|connection provided by a query runner was already released|MaxRetriesPerRequestError|Reached the max retries per request|ClusterAllFailedError|Failed to refresh slots cache/i;

/** Whether an error is a dependency being away (PostgreSQL or Redis down, a session ended), not a bug. */
export function isDependencyOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (OUTAGE_PG_CODE.test(code) || OUTAGE_NODE_CODES.has(code))) return true;
  const driverCode = (error as { driverError?: { code?: unknown } }).driverError?.code;
  if (typeof driverCode === 'string' && OUTAGE_PG_CODE.test(driverCode)) return true;
  return OUTAGE_MESSAGES.test(error.message) || OUTAGE_MESSAGES.test(error.name);
}

/**
 * Apollo's formatError: domain errors keep their code, framework errors keep
 * theirs, a dependency outage is SERVICE_UNAVAILABLE (retry), and anything
 * unexpected becomes a bare INTERNAL_SERVER_ERROR (the original is logged,
 * never shown).
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (error: unknown) => void,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const mapped = domainErrorToGraphQL(original);
  if (mapped) {
    const { http: _http, ...extensions } = mapped.extensions;
    return { ...formatted, message: mapped.message, extensions };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (isDependencyOutage(original)) {
    return { message: 'A database or cache Tollgate depends on is unavailable; retry shortly', locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 } };
  }
  log(original);
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
