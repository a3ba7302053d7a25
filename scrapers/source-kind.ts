// The shape every source kind shares: the zod schema of its catalogue options and one function
// `(source, ctx) => Promise<ScrapeResult>` that reads upstream and writes nothing.
import type { z } from 'zod';
import type { HttpClient } from './http/http-client.ts';
import type { ValidatorCache } from './http/validator-cache.ts';
import type { ScrapeLogger } from './scrape-logger.ts';

/** One release as a source shows it, before the shared normalising step. */
export interface ScrapedRelease {
  /** The version as upstream writes it, or as the source's template built it (`v30.0.2`, `6.7`). */
  version: string;
  /** Upstream tag or name; null when the source has none (a JSON key that is not a tag). */
  tag: string | null;
  /** When upstream published it; null when the source does not say. */
  publishedAt: Date | null;
  /** Upstream's own prerelease flag (GitHub's checkbox, a JSON status, the source's `prerelease` regex). */
  prerelease: boolean;
  /** GitHub drafts: never stored. */
  draft: boolean;
  /** Link to the release; null when the source has none. */
  url: string | null;
  /** Upstream says the release fixes vulnerabilities (php.net's `security` tag). */
  security: boolean;
  /** Upstream lists the version as having known vulnerabilities (WordPress stable-check `insecure`). */
  insecure: boolean;
  /** Release title; null when there is none. Read for the word "security". */
  title: string | null;
  /** Release notes; null when there are none. Read for CVE ids. */
  notes: string | null;
}

/** A release of which nothing is known but its version; a kind spreads in what its upstream says. */
export function scrapedRelease(version: string, known: Partial<Omit<ScrapedRelease, 'version'>> = {}): ScrapedRelease {
  return { version, tag: null, publishedAt: null, prerelease: false, draft: false, url: null, security: false, insecure: false, title: null, notes: null, ...known };
}

/** What a release-list kind found. */
export interface ReleaseList {
  releases: ScrapedRelease[];
  /** Entries the source showed that were not usable (bad shape; excluded names are not counted). */
  dropped: number;
  /** The source only flags versions other sources found (the json kind's `annotateOnly`). */
  annotateOnly: boolean;
  /** Whether paging stopped early at known releases, so the list is only the newest part. */
  partial: boolean;
}

/**
 * A kind's answer: what it found, or that nothing changed since the stored validators. `Found` is
 * a release list for the kinds of `sourceKinds`; a family of kinds that reads something else
 * (per-series support dates) brings its own `Found` and its own registry.
 */
export type ScrapeResult<Found = ReleaseList> = ({ status: 'ok' } & Found) | { status: 'not-modified' };

/** Settings of the source kinds that come from the environment. */
export interface SourceSettings {
  /** GITHUB_API_URL: https://api.github.com or a GitHub Enterprise `…/api/v3`. */
  githubApiUrl: string;
  /** GITHUB_TOKEN; null: unauthenticated (60 requests an hour instead of 5000, GitHub REST docs "Rate limits"). */
  githubToken: string | null;
}

/** Everything a scrape may use: a kind imports no db, no env, no global client. */
export interface ScrapeContext {
  /**
   * Conditional GET with the User-Agent, timeouts, retries and Retry-After (ky); and the fetch and
   * policy a kind's own client is built on (the GitHub kinds' octokit), timed out and counted alike.
   */
  http: HttpClient;
  /** Stored ETag/Last-Modified per URL (http uses them); new ones are kept until the watch run commits them. */
  validators: ValidatorCache;
  /** Tags (and names) already stored for this app: paging stops at a page holding only these. Empty on a full read. */
  known: ReadonlySet<string>;
  settings: SourceSettings;
  now: () => Date;
  log: ScrapeLogger;
}

/** One source kind: the schema of its catalogue options (a strict object with a `kind` literal) and its reader. */
export interface SourceKind<Options extends z.ZodObject = z.ZodObject, Found = ReleaseList> {
  options: Options;
  scrape(source: z.output<Options>, ctx: ScrapeContext): Promise<ScrapeResult<Found>>;
}

/** Declares a kind with its types inferred from its options schema. */
export function defineSourceKind<Options extends z.ZodObject, Found = ReleaseList>(kind: SourceKind<Options, Found>): SourceKind<Options, Found> {
  return kind;
}

/** A source answered, but not in the shape expected (changed markup, malformed JSON, nothing found). */
export class ScrapeError extends Error {
  override name = 'ScrapeError';
}
