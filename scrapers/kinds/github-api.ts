// GitHub's REST API, as the GitHub kinds use it: a repository's tags or releases listed newest
// first through ctx.http (conditional first page, Link pagination), GitHub's headers and its
// rate-limit rules, and the error words an admin reads in the watch health.
import { z } from 'zod';
import { UpstreamHttpError, describeNetworkError } from '../http/http-errors.ts';
import { nameOptions } from '../name-match.ts';
import { ScrapeError, type ScrapeContext, type SourceSettings } from '../source-kind.ts';

export type GithubList = 'tags' | 'releases';

/** The options of a GitHub kind: `repo` plus the name options every kind takes. */
export function githubSourceOptions<Kind extends string>(kind: Kind) {
  return z.strictObject({
    kind: z.literal(kind),
    /** `owner/name` on GitHub (or the GitHub Enterprise of GITHUB_API_URL). */
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    ...nameOptions,
  });
}

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
export async function listGithub(ctx: ScrapeContext, repo: string, what: GithubList, isNew: (item: unknown) => boolean): Promise<GithubListing> {
  const items: unknown[] = [];
  let listing;
  try {
    listing = await ctx.http.paginate(`${apiBase(ctx.settings)}/repos/${repo}/${what}?per_page=${perPage}`, {
      // GitHub REST docs, "Getting started": the media type and the API version to ask for.
      accept: 'application/vnd.github+json',
      headers: {
        'x-github-api-version': '2022-11-28',
        ...(ctx.settings.githubToken ? { authorization: `Bearer ${ctx.settings.githubToken}` } : {}),
      },
      retryAfter: (response) => githubRateLimitWait(response, ctx),
      maxPages,
      onPage(body) {
        const page = JSON.parse(body) as unknown;
        if (!Array.isArray(page)) throw new ScrapeError(`GitHub ${repo} ${what}: a page is not a list`);
        items.push(...page);
        return !(ctx.known.size > 0 && page.length > 0 && !page.some(isNew));
      },
    });
  } catch (error) {
    throw describeGithubError(repo, what, error);
  }
  if (listing.status === 'not-modified') return listing;
  return { status: 'ok', items, partial: listing.partial };
}

/** Where a tag is shown on the web: api.github.com → github.com, GHE `…/api/v3` → its host. */
export function tagWebUrl(settings: SourceSettings, repo: string, tag: string): string {
  const base = apiBase(settings);
  const web = base === 'https://api.github.com' ? 'https://github.com' : base.replace(/\/api\/v3$/, '');
  return `${web}/${repo}/tree/${encodeURIComponent(tag)}`;
}

function apiBase(settings: SourceSettings): string {
  return settings.githubApiUrl.replace(/\/+$/, '');
}

/**
 * GitHub's rate-limit rules (REST docs, "Rate limits for the REST API"; as @octokit/plugin-throttling
 * reads them): a `retry-after` on a 403/429 is a secondary limit, wait that long; a 403/429 with
 * `x-ratelimit-remaining: 0` is the primary limit, wait until `x-ratelimit-reset` (plus a second).
 */
export function githubRateLimitWait(response: Response, ctx: Pick<ScrapeContext, 'log'>): number | null {
  if (response.status !== 403 && response.status !== 429) return null;
  const retryAfter = response.headers.get('retry-after');
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  let seconds: number | null = null;
  let kind = 'secondary';
  if (retryAfter !== null && Number.isFinite(Number(retryAfter))) seconds = Math.max(Number(retryAfter), 0);
  else if (response.headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset)) {
    kind = 'primary';
    seconds = Math.max(Math.ceil(reset - Date.now() / 1000) + 1, 0);
  }
  if (seconds !== null) ctx.log.warn({ kind, retryAfter: seconds, status: response.status, url: response.url }, 'GitHub rate limit hit');
  return seconds;
}

/** The failure in GitHub's words: the status and GitHub's `message`, or why no answer came. */
function describeGithubError(repo: string, what: GithubList, error: unknown): Error {
  if (error instanceof ScrapeError) return error;
  if (error instanceof UpstreamHttpError && error.status !== null) {
    return new UpstreamHttpError(`GitHub ${repo} ${what} answered ${error.status}: ${githubMessage(error.body) ?? error.message}`, error.status, error.body);
  }
  if (error instanceof SyntaxError) return new ScrapeError(`GitHub ${repo} ${what}: malformed JSON (${error.message})`);
  return new UpstreamHttpError(`GitHub ${repo} ${what} failed: ${firstLine(describeNetworkError(error))}`, null);
}

const GithubErrorBody = z.object({ message: z.string() });

function githubMessage(body: string | null): string | null {
  try {
    const parsed = GithubErrorBody.safeParse(JSON.parse(body ?? ''));
    return parsed.success ? firstLine(parsed.data.message) : null;
  } catch {
    return null;
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
