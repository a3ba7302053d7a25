// The HTTP every source kind gets in its context: conditional GET and Link pagination, written
// once, over one retrying GET (User-Agent, timeouts, retries, Retry-After) and the validator cache.
import type { ScrapeLogger } from '../scrape-logger.ts';
import type { HttpPolicy } from './http-policy.ts';
import { createRetryingGet, type RetryAfterRule } from './retrying-get.ts';
import { conditionalHeaders, type ValidatorCache } from './validator-cache.ts';

export type ConditionalResponse =
  | { status: 'not-modified' }
  | { status: 'ok'; body: string; contentType: string | null };

export type PagedResponse =
  | { status: 'not-modified' }
  /** `partial`: paging stopped before the last page (onPage said enough, or the page limit). */
  | { status: 'ok'; pages: number; partial: boolean };

export interface RequestOptions {
  /** The Accept header. */
  accept: string;
  /** More headers (authorization, API version). */
  headers?: Record<string, string>;
  /** An upstream's own rule for how long to wait after an error answer (GitHub's rate limits). */
  retryAfter?: RetryAfterRule;
}

export interface PageOptions extends RequestOptions {
  /** Pages read at the most; a longer listing is cut (and logged). */
  maxPages: number;
  /** Reads one page's body; false stops paging there. */
  onPage(body: string): boolean;
}

export interface HttpClient {
  /** GET with If-None-Match/If-Modified-Since from the validator cache; remembers the new validators. */
  getConditional(url: string, options: RequestOptions): Promise<ConditionalResponse>;
  /**
   * Reads a listing that pages with `Link: <…>; rel="next"` (RFC 8288), newest first. Only the first
   * page is conditional: its validators are the listing's, so an unchanged listing costs one request.
   */
  paginate(url: string, options: PageOptions): Promise<PagedResponse>;
}

export function createHttpClient(options: {
  fetch: typeof fetch;
  validators: ValidatorCache;
  policy: HttpPolicy;
  log: ScrapeLogger;
}): HttpClient {
  const get = createRetryingGet(options.fetch, options.policy);

  async function getConditional(url: string, request: RequestOptions): Promise<{ status: 'not-modified' } | { status: 'ok'; response: Response }> {
    const headers = { ...request.headers, accept: request.accept, ...conditionalHeaders(options.validators.get(url)) };
    const response = await get(url, headers, request.retryAfter);
    if (response.status === 304) return { status: 'not-modified' };
    options.validators.set(url, { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') });
    return { status: 'ok', response };
  }

  return {
    async getConditional(url, request) {
      const first = await getConditional(url, request);
      if (first.status === 'not-modified') return first;
      return { status: 'ok', body: await first.response.text(), contentType: first.response.headers.get('content-type') };
    },

    async paginate(url, request) {
      const first = await getConditional(url, request);
      if (first.status === 'not-modified') return first;
      let response = first.response;
      for (let pages = 1; ; pages++) {
        const next = nextLink(response.headers.get('link'));
        if (!request.onPage(await response.text())) return { status: 'ok', pages, partial: true };
        if (next === null) return { status: 'ok', pages, partial: false };
        if (pages >= request.maxPages) {
          options.log.warn({ url, pages }, 'listing cut at the page limit');
          return { status: 'ok', pages, partial: true };
        }
        response = await get(next, { ...request.headers, accept: request.accept }, request.retryAfter);
      }
    },
  };
}

/** The `rel="next"` target of a Link header (RFC 8288); null on the last page. */
export function nextLink(header: string | null): string | null {
  for (const link of header?.split(',') ?? []) {
    const [target, ...params] = link.split(';').map((part) => part.trim());
    const rel = params.find((param) => /^rel=/i.test(param))?.slice(4).replace(/"/g, '');
    if (target?.startsWith('<') && target.endsWith('>') && rel?.split(/\s+/).includes('next')) return target.slice(1, -1);
  }
  return null;
}
