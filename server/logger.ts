import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  // Tokens must never reach a log line, whatever logs a request.
  return pino({ level, redact: ['req.headers.authorization', 'headers.authorization', 'token'] });
}
