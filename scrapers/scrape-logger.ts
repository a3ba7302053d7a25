// The logger the scrapers and the watch run write to: pino's shape (metadata first, a static
// message), so the server can hand in its own.

export interface ScrapeLogger {
  debug(meta: object, message: string): void;
  info(meta: object, message: string): void;
  warn(meta: object, message: string): void;
}
