// The HTTP every source kind gets in its context. Plain documents (html, json) go through one ky
// instance: the User-Agent, a timeout per attempt, bounded retries with exponential backoff and
// Retry-After are ky's (`retry`, `timeout`), conditional GET is conditional-get.ts. A kind that
// brings its own client (the GitHub kinds' octokit) builds it on `fetch` and `policy` from here,
// so its requests are timed out and counted the same way. No kind but GitHub's pages, and GitHub
// pages through octokit: this client does not follow Link headers.
import ky, { HTTPError, TimeoutError } from 'ky';
import { conditionalGet } from './conditional-get.ts';
import { describeNetworkError, UpstreamHttpError } from './http-errors.ts';
import type { HttpPolicy } from './http-policy.ts';
import { createOutboundFetch, HttpTimeoutError } from './outbound-fetch.ts';
import type { ValidatorCache } from './validator-cache.ts';

export type ConditionalResponse =
  | { status: 'not-modified' }
  | { status: 'ok'; body: string; contentType: string | null };

export interface HttpClient {
  /** GET with If-None-Match/If-Modified-Since from the validator cache; remembers the new validators. */
  getConditional(url: string, options: { accept: string }): Promise<ConditionalResponse>;
  /** For a kind's own client: fetch with a timeout per attempt, each request counted. */
  fetch: typeof fetch;
  /** User-Agent, timeouts, retries and waits, for a kind's own client. */
  policy: HttpPolicy;
}

// ky's own defaults, spelled out: timeouts, too large for now, rate limits and server errors
// are worth asking again; Retry-After is read on the three that send it (RFC 9110 §10.2.3).
const retryStatuses = [408, 413, 429, 500, 502, 503, 504];
const retryAfterStatuses = [413, 429, 503];

export function createHttpClient(options: {
  validators: ValidatorCache;
  policy: HttpPolicy;
  /** Called once per request sent, retries included (the watch counts a source's requests). */
  onRequest?: () => void;
  /** Default the global fetch. */
  baseFetch?: typeof fetch;
}): HttpClient {
  const { policy } = options;
  const client = ky.create({
    ...(options.baseFetch ? { fetch: options.baseFetch } : {}),
    timeout: policy.timeoutMs,
    headers: { 'user-agent': policy.userAgent },
    throwHttpErrors: (status) => status !== 304,
    hooks: { beforeRequest: [() => options.onRequest?.()] },
    retry: {
      limit: policy.retries,
      methods: ['get'],
      statusCodes: retryStatuses,
      afterStatusCodes: retryAfterStatuses,
      retryOnTimeout: true,
      delay: (attempt) => policy.retryDelayMs * 2 ** (attempt - 1),
      backoffLimit: policy.maxRetryAfterMs,
      maxRetryAfter: policy.maxRetryAfterMs,
      // ky waits out a longer Retry-After for maxRetryAfter and asks again (ky#603); an upstream
      // that asks for an hour is not asked again in this watch (STYLE.md, HTTP 14).
      shouldRetry: ({ error }) =>
        error instanceof HTTPError && Number(error.response.headers.get('retry-after')) * 1000 > policy.maxRetryAfterMs ? false : undefined,
    },
  });

  return {
    async getConditional(url, request) {
      try {
        const result = await conditionalGet(url, options.validators, (headers) => client.get(url, { headers: { ...headers, accept: request.accept } }));
        if (result.status === 'not-modified') return result;
        return { status: 'ok', body: await result.answer.text(), contentType: result.answer.headers.get('content-type') };
      } catch (error) {
        throw describeFailure(url, error, policy);
      }
    },
    fetch: createOutboundFetch({
      timeoutMs: policy.timeoutMs,
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
      ...(options.baseFetch ? { baseFetch: options.baseFetch } : {}),
    }),
    policy,
  };
}

/** The failure in the words the watch health shows: the status, the timeout, or the network error explained. */
function describeFailure(url: string, error: unknown, policy: HttpPolicy): Error {
  if (error instanceof HTTPError) {
    const { status, statusText } = error.response;
    void error.response.body?.cancel().catch(() => undefined);
    return new UpstreamHttpError(`GET ${url} answered ${status} ${statusText}`.trim(), status);
  }
  if (error instanceof TimeoutError) return new HttpTimeoutError(`GET ${url} timed out after ${policy.timeoutMs} ms`);
  return new UpstreamHttpError(`GET ${url} failed: ${describeNetworkError(error)}`, null);
}
