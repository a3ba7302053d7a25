import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines on stdout for the service (what journald or a log shipper reads); a command's log goes
 * to stderr instead, so its report on stdout can be piped or mailed on its own.
 */
export function createLogger(level: string, options: { stream?: 'stdout' | 'stderr' } = {}): Logger {
  // Tokens must never reach a log line, whatever logs a request.
  const settings = { level, redact: ['req.headers.authorization', 'headers.authorization', 'token'] };
  return options.stream === 'stderr' ? pino(settings, pino.destination({ dest: 2, sync: true })) : pino(settings);
}
