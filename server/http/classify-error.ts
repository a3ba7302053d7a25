// One answer for every error, whoever shows it: the API as JSON, the pages as HTML, Node's own
// parser errors as JSON for /api. Each surface only renders what this decides.
import type { ErrorRequestHandler, Response } from 'express';
import { ApiError, isDatabaseUnavailable } from '../errors.ts';
import type { Logger } from '../logger.ts';

export interface ClassifiedError {
  status: number;
  code: string;
  message: string;
  /** What was wrong, field by field; absent when there is nothing more to say. */
  details?: unknown;
  /** Seconds a client should wait before trying again; absent when retrying will not help. */
  retryAfter?: number;
  /** How the server logs it: a caller's mistake is not logged, an outage warns, a bug is an error. */
  log: 'none' | 'warn' | 'error';
}

// Bodies are small JSON documents; anything larger is a mistake or an attack. express.json()
// reads at most this (server/app.ts), and the 413 message names it.
export const maxBodyBytes = '256kb';

// body-parser's errors carry a `type`; each maps to a message the caller can act on.
const bodyErrors: Record<string, Omit<ClassifiedError, 'log'>> = {
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: 'the request body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'body_too_large', message: `the request body is larger than ${maxBodyBytes}` },
  'encoding.unsupported': { status: 415, code: 'unsupported_encoding', message: 'unsupported content encoding' },
  'charset.unsupported': { status: 415, code: 'unsupported_charset', message: 'unsupported charset; send UTF-8' },
  'request.aborted': { status: 400, code: 'request_aborted', message: 'the request was aborted' },
  'entity.verify.failed': { status: 400, code: 'invalid_body', message: 'the request body was rejected' },
};

// Node's HTTP parser errors (the server's 'clientError' event), by their `code`.
const parserErrors: Record<string, Omit<ClassifiedError, 'log'>> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'the request headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'the request took too long to arrive' },
  ERR_HTTP_HEADERS_TIMEOUT: { status: 408, code: 'request_timeout', message: 'the request headers took too long to arrive' },
};

// How long a client should wait while the database is unreachable (docs/api.md, errors).
export const databaseRetryAfterSeconds = 5;

export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof ApiError) {
    return { status: error.status, code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }), log: error.status >= 500 ? 'error' : 'none' };
  }
  const { type, status, code } = (error ?? {}) as { type?: unknown; status?: unknown; code?: unknown };
  const bodyError = typeof type === 'string' ? bodyErrors[type] : undefined;
  if (bodyError) return { ...bodyError, log: 'none' };
  const parserError = typeof code === 'string' ? parserErrors[code] : undefined;
  if (parserError) return { ...parserError, log: 'none' };
  // Node's other parser errors (HPE_*) and express's own 4xx, e.g. a path whose percent-encoding does not decode.
  if ((typeof status === 'number' && status >= 400 && status < 500) || (typeof code === 'string' && code.startsWith('HPE_'))) {
    return { status: typeof status === 'number' ? status : 400, code: 'bad_request', message: 'the request could not be read', log: 'none' };
  }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, code: 'database_unavailable', message: 'the database is unreachable; try again shortly', retryAfter: databaseRetryAfterSeconds, log: 'warn' };
  }
  return { status: 500, code: 'internal', message: 'internal error; it has been logged', log: 'error' };
}

/** The JSON body of an API error (docs/api.md, errors). */
export function errorBody(classified: ClassifiedError): { error: { code: string; message: string; details?: unknown } } {
  const { code, message, details } = classified;
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Logs what the server, not the caller, should hear about. */
export function logClassified(log: Logger, classified: ClassifiedError, error: unknown, request: { method: string; path: string }): void {
  if (classified.log === 'warn') log.warn({ ...request, code: classified.code }, 'database unavailable');
  if (classified.log === 'error') log.error({ err: error, ...request }, 'unhandled error');
}

/**
 * The error middleware of a surface: classifies, logs, sets Retry-After, then lets the surface
 * render the answer (JSON for the API, an HTML page for the pages).
 */
export function errorMiddleware(log: Logger, render: (res: Response, classified: ClassifiedError, error: unknown) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    const classified = classifyError(error);
    logClassified(log, classified, error, { method: req.method, path: req.path });
    if (classified.retryAfter !== undefined) res.set('Retry-After', String(classified.retryAfter));
    render(res, classified, error);
  };
}
