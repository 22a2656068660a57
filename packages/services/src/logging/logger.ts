import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** The one logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['req.headers.authorization', '*.secret', 'secret', 'adminKey'], censor: '[redacted]' },
  });
}
