// One GET with bounded retries: exponential backoff for 408/429/5xx, timeouts and network errors;
// Retry-After (and an upstream's own rate-limit rule, e.g. GitHub's) honoured up to a cap, beyond
// which the request fails at once rather than sleeping for an hour (STYLE.md, HTTP 14).
import { answeredWithError, unreachable } from './http-errors.ts';
import type { HttpPolicy } from './http-policy.ts';

/** Seconds an error answer asks to wait before the next attempt; null when it says nothing of it. */
export type RetryAfterRule = (response: Response) => number | null;

export type RetryingGet = (url: string, headers: Record<string, string>, rule?: RetryAfterRule) => Promise<Response>;

// The statuses worth asking again (ky's and got's defaults): timeouts, too large for now, rate
// limits and server errors. Other client errors will not change by asking again.
const retryableStatuses = new Set([408, 413, 429, 500, 502, 503, 504]);

export function createRetryingGet(fetch: typeof globalThis.fetch, policy: HttpPolicy): RetryingGet {
  const backoffMs = (attempt: number) => Math.min(policy.retryDelayMs * 2 ** (attempt - 1), policy.maxRetryAfterMs);

  /** How long to wait before asking again after this answer; null: do not ask again. */
  function waitAfter(response: Response, attempt: number, rule: RetryAfterRule | undefined): number | null {
    const seconds = rule?.(response) ?? (retryableStatuses.has(response.status) ? retryAfterSeconds(response.headers) : null);
    if (seconds !== null) return seconds * 1000 > policy.maxRetryAfterMs ? null : seconds * policy.retryAfterUnitMs;
    return retryableStatuses.has(response.status) ? backoffMs(attempt) : null;
  }

  return async (url, headers, rule) => {
    const allHeaders = { 'user-agent': policy.userAgent, ...headers };
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, { headers: allHeaders });
      } catch (error) {
        if (attempt > policy.retries) throw unreachable(url, error);
        await sleep(backoffMs(attempt));
        continue;
      }
      if (response.ok || response.status === 304) return response;
      const waitMs = attempt > policy.retries ? null : waitAfter(response, attempt, rule);
      if (waitMs === null) throw await answeredWithError(url, response);
      await response.body?.cancel();
      await sleep(waitMs);
    }
  };
}

/** Seconds a Retry-After header asks for (seconds or an HTTP date, RFC 9110 §10.2.3); null without one. */
export function retryAfterSeconds(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
