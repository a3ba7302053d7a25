// Errors a caller can act on, each with a stable code. The error middleware turns them into
// {"error": {"code", "message", "details"}}; anything else is logged and answered as a bare 500.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function badRequest(message: string, details?: unknown): ApiError {
  return new ApiError(400, 'bad_request', message, details);
}

export function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message);
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, 'forbidden', message);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'not_found', message);
}

export function conflict(message: string, details?: unknown): ApiError {
  return new ApiError(409, 'conflict', message, details);
}

export function unprocessable(message: string, details?: unknown): ApiError {
  return new ApiError(422, 'invalid_request', message, details);
}

/** One wrong field, parameter or path part: `body.testedAt`, `query.php`, `path.id`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A 422 listing every problem in `details`; its message names the first and counts the rest. */
export function invalidFields(where: 'body' | 'query' | 'path', problems: FieldProblem[]): ApiError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return unprocessable(`invalid ${where}: ${first.path}: ${first.message}${more}`, problems);
}

// Connection-level failures of PostgreSQL or the pg driver (SQLSTATE classes 08 and 57P), and the
// deadlines of server/db/database.ts: the driver's query timeout, the server's statement timeout (57014).
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '57014', '08000', '08001', '08003', '08004', '08006']);
const unavailableMessages = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|database did not answer|PGlite is closed|Cannot use a pool after calling end/i;

/** Whether an error (or one it wraps) means the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && unavailableCodes.has(code)) return true;
    if (typeof message === 'string' && unavailableMessages.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
