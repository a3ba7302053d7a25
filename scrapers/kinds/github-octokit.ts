// The GitHub kinds' Octokit, built from what the scrape context hands in (GITHUB_API_URL and
// GITHUB_TOKEN from ctx.settings; the fetch, User-Agent and limits from ctx.http). GitHub's
// rate-limit rules (wait for x-ratelimit-reset, honour retry-after, a minute for a secondary
// limit that names no wait) are @octokit/plugin-throttling's, bounded retries of 5xx and
// network errors @octokit/plugin-retry's, Link pagination @octokit/plugin-paginate-rest's.
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { ScrapeContext } from '../source-kind.ts';

const GithubOctokit = Octokit.plugin(throttling, retry, paginateRest);
export type GithubOctokit = InstanceType<typeof GithubOctokit>;

// plugin-retry's own list (client errors do not change by asking again), plus 429:
// plugin-throttling owns rate limits, and two plugins retrying one answer would multiply the attempts.
const doNotRetry = [400, 401, 403, 404, 410, 422, 429, 451];

// GitHub REST docs, "Rate limits for the REST API": after a secondary rate limit without a
// retry-after header, wait at least one minute. (plugin-throttling's default, spelled out.)
const secondaryLimitWaitSeconds = 60;

export function createGithubOctokit(ctx: Pick<ScrapeContext, 'http' | 'settings' | 'log'>): GithubOctokit {
  const { policy } = ctx.http;
  /** Retry a rate-limited request a bounded number of times, and never wait longer than the cap. */
  const retryRateLimit = (limit: 'primary' | 'secondary') =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const retrying = retryCount < policy.retries && retryAfter * 1000 <= policy.maxRetryAfterMs;
      ctx.log.warn({ limit, retryAfter, retryCount, retrying, method: request.method, url: request.url }, 'GitHub rate limit hit');
      return retrying;
    };
  return new GithubOctokit({
    baseUrl: ctx.settings.githubApiUrl.replace(/\/+$/, ''),
    ...(ctx.settings.githubToken ? { auth: ctx.settings.githubToken } : {}),
    userAgent: policy.userAgent,
    request: { fetch: ctx.http.fetch },
    log: {
      debug: () => {},
      info: () => {},
      warn: (detail: string) => ctx.log.warn({ detail }, 'octokit warning'),
      error: (detail: string) => ctx.log.warn({ detail }, 'octokit error'),
    },
    retry: { retries: policy.retries, doNotRetry, retryAfterBaseValue: policy.retryDelayMs },
    throttle: {
      retryAfterBaseValue: policy.retryAfterUnitMs,
      fallbackSecondaryRateRetryAfter: secondaryLimitWaitSeconds,
      onRateLimit: retryRateLimit('primary'),
      onSecondaryRateLimit: retryRateLimit('secondary'),
    },
  });
}
