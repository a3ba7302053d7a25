// How politely the watcher asks: who it says it is, how long it waits, how often it tries again.

export interface HttpPolicy {
  /** The User-Agent of every request; the composition root names vetted's version and instance in it. */
  userAgent: string;
  /** Each attempt of a request gives up after this long. */
  timeoutMs: number;
  /** Attempts after the first, for 408/429/5xx answers, rate limits, timeouts and network errors. */
  retries: number;
  /** First backoff delay; ky doubles it for each further attempt, octokit's retry plugin takes it times 1, 4, 9… */
  retryDelayMs: number;
  /** A Retry-After (or rate-limit reset) further away than this is not waited for: the request fails. */
  maxRetryAfterMs: number;
  /**
   * How long one "second" of a GitHub rate-limit wait lasts (1000; tests shrink it): octokit's
   * throttling plugin multiplies its waits by it. ky waits a plain Retry-After in real seconds.
   */
  retryAfterUnitMs: number;
}

/** The production limits; the User-Agent is the composition root's to add. */
export const defaultHttpLimits: Omit<HttpPolicy, 'userAgent'> = {
  // Large pages (php.net's full list, 800 tags) arrive in well under this on a slow link.
  timeoutMs: 20_000,
  retries: 2,
  retryDelayMs: 1_000,
  // Renovate caps Retry-After at 60 s too; an hourly poll can simply try again next time.
  maxRetryAfterMs: 60_000,
  retryAfterUnitMs: 1_000,
};
