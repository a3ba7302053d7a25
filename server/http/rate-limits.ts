// How many writes a token and how many failed sign-ins an address may make per window.

export interface RateLimitOptions {
  /** Writes one token may make per window (rejected ones included). */
  writesPerWindow: number;
  /** Failed sign-ins (401) one client address may make per window before it is refused. */
  failedAuthPerWindow: number;
  windowMs: number;
}

// Generous for a tester's CI (a matrix job records a few hundred runs, or imports 500 in one
// request), tight for a guessing loop. Overridden by RATE_LIMIT_WRITES, RATE_LIMIT_FAILED_SIGNINS
// and RATE_LIMIT_WINDOW_SECONDS (server/env.ts).
export const defaultRateLimits: RateLimitOptions = { writesPerWindow: 1200, failedAuthPerWindow: 30, windowMs: 10 * 60_000 };
