// The one place plain HTTP requests to upstreams go through (GitHub goes through github-client.ts,
// which uses the same fetch): the User-Agent, per-attempt timeouts, bounded retries with backoff
// that honour Retry-After up to a cap, and conditional requests from the stored validators.
import ky, { HTTPError } from 'ky';
import { vettedHomepage, vettedVersion } from '../server/version.ts';
import { conditionalHeaders, type ValidatorCache } from './validator-cache.ts';

/**
 * `vetted/<version> (+homepage; instance <PUBLIC_URL>)`: who is asking, as GitHub's REST rules and
 * polite crawling ask. The instance's own address, when configured, lets an upstream's admin tell
 * one registry from another and find who runs it.
 */
export function userAgentFor(publicUrl: string | null): string {
  return `vetted/${vettedVersion} (+${vettedHomepage}${publicUrl ? `; instance ${publicUrl}` : ''})`;
}

export interface HttpPolicy {
  /** The User-Agent of every request (userAgentFor). */
  userAgent: string;
  /** Each attempt of a request gives up after this long. */
  timeoutMs: number;
  /** Attempts after the first, for 408/429/5xx answers, timeouts and network errors. */
  retries: number;
  /** First backoff delay; doubled for each further attempt. */
  retryDelayMs: number;
  /** A Retry-After (or rate-limit reset) further away than this is not waited for: the request fails. */
  maxRetryAfterMs: number;
  /** How long one "second" of a GitHub rate-limit wait lasts (1000; tests shrink it). */
  retryAfterUnitMs: number;
}

export const defaultHttpPolicy: HttpPolicy = {
  userAgent: userAgentFor(null),
  // Large pages (php.net's full list, 800 tags) arrive in well under this on a slow link.
  timeoutMs: 20_000,
  retries: 2,
  retryDelayMs: 1_000,
  // Renovate caps Retry-After at 60 s too; an hourly poll can simply try again next time.
  maxRetryAfterMs: 60_000,
  retryAfterUnitMs: 1_000,
};

/** Wraps fetch with a per-attempt timeout and a hook called once per request sent. */
export function createOutboundFetch(options: {
  timeoutMs: number;
  onRequest?: (url: string) => void;
  baseFetch?: typeof fetch;
}): typeof fetch {
  const baseFetch = options.baseFetch ?? globalThis.fetch;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    options.onRequest?.(url);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal = given ? AbortSignal.any([given, timeout]) : timeout;
    try {
      return await baseFetch(input, { ...init, signal });
    } catch (error) {
      if (timeout.aborted) throw new HttpTimeoutError(`GET ${url} timed out after ${options.timeoutMs} ms`);
      throw error;
    }
  };
}

export class HttpTimeoutError extends Error {
  override name = 'HttpTimeoutError';
}

/** An upstream answered with an error status after all retries, or could not be reached. */
export class UpstreamHttpError extends Error {
  override name = 'UpstreamHttpError';
  constructor(message: string, readonly status: number | null) {
    super(message);
  }
}

export type ConditionalResponse =
  | { status: 'not-modified' }
  | { status: 'ok'; body: string; contentType: string | null };

export interface HttpClient {
  /** GET with If-None-Match/If-Modified-Since from the validator cache; remembers the new validators. */
  getConditional(url: string, accept: string): Promise<ConditionalResponse>;
}

export function createHttpClient(options: {
  fetch: typeof fetch;
  validators: ValidatorCache;
  policy?: HttpPolicy;
}): HttpClient {
  const policy = options.policy ?? defaultHttpPolicy;
  const client = ky.create({
    fetch: options.fetch,
    // The timeout is applied per attempt by the outbound fetch, so ky retries a hung attempt.
    timeout: false,
    headers: { 'user-agent': policy.userAgent },
    throwHttpErrors: (status) => status !== 304,
    retry: {
      limit: policy.retries,
      methods: ['get'],
      delay: (attempt) => policy.retryDelayMs * 2 ** (attempt - 1),
      backoffLimit: policy.maxRetryAfterMs,
      shouldRetry: ({ error }) => {
        if (!(error instanceof HTTPError)) return undefined;
        const waitMs = retryAfterMs(error.response.headers);
        // Give up rather than sleep for an hour (STYLE.md, HTTP 14).
        if (waitMs !== null && waitMs > policy.maxRetryAfterMs) return false;
        return undefined;
      },
    },
  });
  return {
    async getConditional(url, accept) {
      const headers = { accept, ...conditionalHeaders(options.validators.get(url)) };
      let response: Response;
      try {
        response = await client.get(url, { headers });
      } catch (error) {
        throw describeError(url, error);
      }
      if (response.status === 304) return { status: 'not-modified' };
      const body = await response.text();
      options.validators.set(url, {
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      });
      return { status: 'ok', body, contentType: response.headers.get('content-type') };
    },
  };
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date); null without one. */
export function retryAfterMs(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

// What the common socket and TLS error codes mean, for the admin reading the watch health.
const networkHints: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve: no network, no DNS, or a wrong URL',
  EAI_AGAIN: 'DNS did not answer in time: no network or DNS?',
  ECONNREFUSED: 'nothing listens at that address and port',
  ECONNRESET: 'the connection was cut by the other end or a proxy',
  ETIMEDOUT: 'the connection timed out: a firewall or no route?',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'no route to the network: is this machine online?',
  CERT_HAS_EXPIRED: 'the server\'s TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server\'s TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a TLS certificate in the chain is self-signed (an intercepting proxy?)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server\'s TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server\'s TLS certificate is for another name',
};

/** The error's own message plus, for a known socket or TLS error code anywhere in its causes, what it means. */
export function describeNetworkError(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current !== error && current.message) message = current.message;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && networkHints[code]) return `${message} (${networkHints[code]})`;
  }
  return message;
}

function describeError(url: string, error: unknown): Error {
  if (error instanceof HTTPError) {
    const { status, statusText } = error.response;
    return new UpstreamHttpError(`GET ${url} answered ${status} ${statusText}`.trim(), status);
  }
  if (error instanceof HttpTimeoutError) return error;
  return new UpstreamHttpError(`GET ${url} failed: ${describeNetworkError(error)}`, null);
}
