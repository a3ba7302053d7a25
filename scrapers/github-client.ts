// The one Octokit of the watcher: GitHub's rate-limit rules (wait for x-ratelimit-reset, honour
// retry-after) come from @octokit/plugin-throttling, bounded retries of 5xx from
// @octokit/plugin-retry, Link pagination from @octokit/plugin-paginate-rest.
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { defaultHttpPolicy, type HttpPolicy } from './http.ts';
import type { ScrapeLogger } from './scrape-types.ts';

export const WatcherOctokit = Octokit.plugin(throttling, retry, paginateRest);
export type WatcherOctokit = InstanceType<typeof WatcherOctokit>;

// plugin-retry's own list (it does not retry client errors), plus 429: plugin-throttling owns it,
// and two plugins retrying the same answer would multiply the attempts.
const doNotRetry = [400, 401, 403, 404, 410, 422, 429, 451];

export interface GithubClientOptions {
  /** GITHUB_API_URL: https://api.github.com or a GitHub Enterprise `…/api/v3`. */
  baseUrl: string;
  /** Null: unauthenticated (60 requests an hour instead of 5000, GitHub REST docs "Rate limits"). */
  token: string | null;
  /** Used when a request does not bring its own (scrapers pass the counting fetch of their ctx). */
  fetch: typeof fetch;
  policy?: HttpPolicy;
  log: ScrapeLogger;
}

export function createGithubClient(options: GithubClientOptions): WatcherOctokit {
  const policy = options.policy ?? defaultHttpPolicy;
  const wantRetry = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const waitMs = retryAfter * policy.retryAfterUnitMs;
    const retrying = retryCount < policy.retries && retryAfter * 1000 <= policy.maxRetryAfterMs;
    options.log.warn({ kind, retryAfter, waitMs, retryCount, retrying, method: request.method, url: request.url }, 'GitHub rate limit hit');
    return retrying;
  };
  return new WatcherOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.token ? { auth: options.token } : {}),
    userAgent: policy.userAgent,
    request: { fetch: options.fetch },
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => options.log.warn({ source: 'octokit' }, message),
      error: (message: string) => options.log.warn({ source: 'octokit' }, message),
    },
    retry: { retries: policy.retries, doNotRetry, retryAfterBaseValue: policy.retryDelayMs },
    throttle: {
      retryAfterBaseValue: policy.retryAfterUnitMs,
      onRateLimit: wantRetry('primary'),
      onSecondaryRateLimit: wantRetry('secondary'),
    },
  });
}

/** The web address matching an API base: api.github.com → github.com, GHE `…/api/v3` → its host. */
export function githubWebUrl(apiBaseUrl: string): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  if (base === 'https://api.github.com') return 'https://github.com';
  return base.replace(/\/api\/v3$/, '');
}

/** A RequestError from octokit carrying an HTTP status (304 for a conditional request that matched). */
export function requestErrorStatus(error: unknown): number | null {
  if (!(error instanceof Error) || error.name !== 'HttpError') return null;
  const status: unknown = (error as Error & { status?: unknown }).status;
  return typeof status === 'number' ? status : null;
}
