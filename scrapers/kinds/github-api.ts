// GitHub's REST API, as the GitHub kinds use it: a repository's tags or releases listed newest
// first through octokit (github-octokit.ts), the first page conditional on the stored validators,
// and the error words an admin reads in the watch health.
import { RequestError } from '@octokit/request-error';
import { z } from 'zod';
import { conditionalGet } from '../http/conditional-get.ts';
import { describeNetworkError, UpstreamHttpError } from '../http/http-errors.ts';
import { nameOptions } from '../name-match.ts';
import { ScrapeError, type ScrapeContext, type SourceSettings } from '../source-kind.ts';
import { createGithubOctokit, type GithubOctokit } from './github-octokit.ts';

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
// GitHub REST docs, "API versions": the version the fields read here are documented for.
const apiVersion = '2022-11-28';

export type GithubListing =
  | { status: 'not-modified' }
  | { status: 'ok'; items: unknown[]; partial: boolean };

/**
 * Lists `/repos/{owner}/{repo}/{list}` page by page. The first page goes out with the stored
 * validators (kept under its URL), so an unchanged list costs one request answered 304; paging
 * stops after a page on which `isNew` finds nothing, because both lists are served newest first.
 */
export async function listGithub(ctx: ScrapeContext, repo: string, list: GithubList, isNew: (item: unknown) => boolean): Promise<GithubListing> {
  const octokit = createGithubOctokit(ctx);
  const firstPageUrl = `${apiBase(ctx.settings)}/repos/${repo}/${list}?per_page=${perPage}`;
  try {
    const listing = await conditionalGet(firstPageUrl, ctx.validators, (validators) => readPages(octokit, ctx, { repo, list, validators, isNew }));
    if (listing.status === 'not-modified') return listing;
    return { status: 'ok', items: listing.answer.items, partial: listing.answer.partial };
  } catch (error) {
    throw describeGithubError(repo, list, error);
  }
}

interface PagesRead {
  /** The first page's status and headers (its validators are the listing's). */
  status: number;
  headers: Headers;
  items: unknown[];
  /** Paging stopped before the last page (nothing new, or the page limit). */
  partial: boolean;
}

async function readPages(
  octokit: GithubOctokit,
  ctx: Pick<ScrapeContext, 'known' | 'log'>,
  listing: { repo: string; list: GithubList; validators: Record<string, string>; isNew: (item: unknown) => boolean },
): Promise<PagesRead> {
  const { repo, list, isNew } = listing;
  const [owner, name] = repo.split('/') as [string, string];
  const request = pageRequest(octokit, listing);
  const route = {
    method: 'GET',
    url: `/repos/{owner}/{repo}/${list}`,
    owner,
    repo: name,
    per_page: perPage,
    headers: { 'x-github-api-version': apiVersion },
  };
  // The typings take Parameters<> of request's last overload (a route string); endpoint options
  // are what the plugin documents for a request method.
  const pages = octokit.paginate.iterator(request, route as unknown as Parameters<typeof request>[0]);
  const read: PagesRead = { status: 0, headers: new Headers(), items: [], partial: false };
  let count = 0;
  try {
    for await (const page of pages) {
      if (count++ === 0) Object.assign(read, { status: page.status, headers: new Headers(page.headers as Record<string, string>) });
      const items = page.data as unknown[];
      read.items.push(...items);
      if (ctx.known.size > 0 && items.length > 0 && !items.some(isNew)) return { ...read, partial: true };
      if (count >= maxPages) {
        ctx.log.warn({ repo, list, pages: count }, 'GitHub listing cut at the page limit');
        return { ...read, partial: true };
      }
    }
  } catch (error) {
    // With octokit a 304 arrives as a thrown RequestError (STYLE.md, HTTP 13); only the first
    // page is conditional, so only it can answer so.
    if (error instanceof RequestError && error.status === 304) return { ...read, status: 304 };
    throw error;
  }
  return read;
}

/**
 * octokit's request for one page of the listing. The paginate iterator sends the first request's
 * headers with every page, but the stored validators are the first page's: they go with the first
 * request alone. A page that is not a JSON list fails here, before the iterator reads it.
 */
function pageRequest(octokit: GithubOctokit, listing: { repo: string; list: GithubList; validators: Record<string, string> }): GithubOctokit['request'] {
  let validators: Record<string, string> = listing.validators;
  const send = async (options: { method: string; url: string; headers: Record<string, string> }) => {
    const headers = { ...options.headers, ...validators };
    validators = {};
    const response = await octokit.request({ ...options, headers });
    if (typeof response.data === 'string') throw new ScrapeError(`GitHub ${listing.repo} ${listing.list}: malformed JSON`);
    if (!Array.isArray(response.data)) throw new ScrapeError(`GitHub ${listing.repo} ${listing.list}: a page is not a list`);
    return response;
  };
  return Object.assign(send, { endpoint: octokit.request.endpoint, defaults: octokit.request.defaults }) as unknown as GithubOctokit['request'];
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

const GithubErrorBody = z.object({ message: z.string() });

/** The failure in GitHub's words: the status and GitHub's `message`, or why no answer came. */
function describeGithubError(repo: string, list: GithubList, error: unknown): Error {
  if (error instanceof ScrapeError) return error;
  if (error instanceof RequestError && error.response) {
    const body = GithubErrorBody.safeParse(error.response.data);
    return new UpstreamHttpError(`GitHub ${repo} ${list} answered ${error.status}: ${firstLine(body.success ? body.data.message : error.message)}`, error.status);
  }
  return new UpstreamHttpError(`GitHub ${repo} ${list} failed: ${firstLine(describeNetworkError(error))}`, null);
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
