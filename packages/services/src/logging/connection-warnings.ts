import type { Logger } from './logger';

const DEFAULT_EVERY_MS = 10_000;

/**
 * An 'error' listener for a connection that heals by itself (a pg pool, an
 * ioredis client): logs at warn, at most once per `everyMs` with a count of
 * the errors in between, since a Redis restart raises one per reconnect try.
 * Attaching it is also what keeps the event from being unhandled.
 */
export function connectionWarning(logger: Logger, connection: string, everyMs = DEFAULT_EVERY_MS): (error: Error) => void {
  let lastAt = 0;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastAt < everyMs) {
      suppressed += 1;
      return;
    }
    logger.warn({ connection, err: { message: error.message, code: (error as { code?: string }).code }, suppressed }, `${connection}: connection error, reconnecting`);
    lastAt = now;
    suppressed = 0;
  };
}
