// Shared plumbing of the GitHub kinds: Link pagination with a conditional first page, stopping at
// the first page that holds nothing new.
import { conditionalHeaders } from './validator-cache.ts';
import { githubWebUrl, requestErrorStatus } from './github-client.ts';
import { describeNetworkError } from './http.ts';
import type { ScrapeContext } from './scrape-types.ts';

// GitHub's largest page for /tags and /releases (REST docs, "per_page: max 100").
const perPage = 100;
// 50 pages of 100 is more than any app of the suite has (WordPress: ~900 tags).
const maxPages = 50;

export type GithubListing =
  | { status: 'not-modified' }
  | { status: 'ok'; items: unknown[]; partial: boolean };

/**
 * Lists `/repos/{owner}/{repo}/{what}` page by page. The first page goes out with the stored
 * validators, so an unchanged list costs one request answered 304; paging stops after a page on
 * which `isNew` finds nothing, because both lists are served newest first.
 */
export async function listGithubPages(
  ctx: ScrapeContext,
  repo: string,
  what: 'tags' | 'releases',
  isNew: (item: unknown) => boolean,
): Promise<GithubListing> {
  const [owner, name] = repo.split('/') as [string, string];
  const key = firstPageUrl(ctx, repo, what);
  const items: unknown[] = [];
  let partial = false;
  let pages = 0;
  try {
    // The iterator sends only method, url and headers for each page, so the scrape's fetch (its
    // timeout and request count) must be bound into the request function itself.
    const request = ctx.octokit.request.defaults({ request: { fetch: ctx.fetch } });
    const options = {
      method: 'GET',
      url: `/repos/{owner}/{repo}/${what}`,
      owner,
      repo: name,
      per_page: perPage,
      headers: conditionalHeaders(ctx.validators.get(key)),
    };
    // The typings take Parameters<> of request's last overload (a route string); endpoint options
    // are what the plugin documents for a request method.
    const pagesIterator = ctx.octokit.paginate.iterator(request, options as unknown as Parameters<typeof request>[0]);
    for await (const response of pagesIterator) {
      pages++;
      if (pages === 1) {
        ctx.validators.set(key, {
          etag: headerOf(response.headers, 'etag'),
          lastModified: headerOf(response.headers, 'last-modified'),
        });
      }
      const page = response.data as unknown[];
      items.push(...page);
      if (ctx.known.size > 0 && page.length > 0 && !page.some(isNew)) {
        partial = true;
        break;
      }
      if (pages >= maxPages) {
        ctx.log.warn({ repo, what, pages }, 'GitHub listing cut at the page limit');
        partial = true;
        break;
      }
    }
  } catch (error) {
    if (requestErrorStatus(error) === 304) return { status: 'not-modified' };
    throw describeGithubError(repo, what, error);
  }
  return { status: 'ok', items, partial };
}

/** The validator key of a listing: its first page's URL. */
export function firstPageUrl(ctx: ScrapeContext, repo: string, what: 'tags' | 'releases'): string {
  const base = String(ctx.octokit.request.endpoint.DEFAULTS.baseUrl).replace(/\/+$/, '');
  return `${base}/repos/${repo}/${what}?per_page=${perPage}`;
}

/** Where a tag is shown on the web. */
export function tagWebUrl(ctx: ScrapeContext, repo: string, tag: string): string {
  const base = githubWebUrl(String(ctx.octokit.request.endpoint.DEFAULTS.baseUrl));
  return `${base}/${repo}/tree/${encodeURIComponent(tag)}`;
}

function headerOf(headers: Record<string, unknown>, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' ? value : null;
}

export class GithubListingError extends Error {
  override name = 'GithubListingError';
  constructor(message: string, readonly status: number | null) {
    super(message);
  }
}

function describeGithubError(repo: string, what: string, error: unknown): Error {
  const status = requestErrorStatus(error);
  const message = error instanceof Error ? error.message : String(error);
  if (status !== null && status !== 500) return new GithubListingError(`GitHub ${repo} ${what} answered ${status}: ${firstLine(message)}`, status);
  return new GithubListingError(`GitHub ${repo} ${what} failed: ${firstLine(describeNetworkError(error))}`, status);
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
