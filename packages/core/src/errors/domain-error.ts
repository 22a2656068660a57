import type { ErrorCode } from './error-code';

/**
 * An expected failure of a use case, safe to show to the caller.
 * `code` is the public class of failure; `reason` narrows it for programs
 * (e.g. `NO_PRICE_IN_FORCE`) and `details` carries structured context.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly reason: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { reason?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.reason = options.reason;
    this.details = options.details;
  }
}

export const badInput = (message: string, reason?: string, details?: Record<string, unknown>) =>
  new DomainError('BAD_USER_INPUT', message, { reason, details });

export const notFound = (message: string, reason?: string) =>
  new DomainError('NOT_FOUND', message, { reason });

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
