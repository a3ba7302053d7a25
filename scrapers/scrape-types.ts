// The shape every source kind shares: `(source, ctx) => Promise<ScrapeResult>`.
import type { WatcherOctokit } from './github-client.ts';
import type { VersionScheme } from '../matrix/versions.ts';
import type { HttpClient } from './http.ts';
import type { ValidatorCache } from './validator-cache.ts';
import type { Source } from './source-config.ts';

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

export type ScrapeResult =
  | {
      status: 'ok';
      releases: ScrapedRelease[];
      /** Entries the source showed that were not usable (bad shape, excluded names are not counted). */
      dropped: number;
      /** The source only flags versions other sources found (JsonSource.annotateOnly). */
      annotateOnly: boolean;
      /** Whether paging stopped early at known releases, so the list is only the newest part. */
      partial: boolean;
    }
  | { status: 'not-modified' };

export interface ScrapeLogger {
  debug(meta: object, message: string): void;
  info(meta: object, message: string): void;
  warn(meta: object, message: string): void;
}

export interface ScrapeContext {
  /** Plain HTTP (HTML pages, JSON endpoints) with the User-Agent, timeouts, retries and conditional requests. */
  http: HttpClient;
  /** The one Octokit (throttling, retry, pagination) for GitHub sources. */
  octokit: WatcherOctokit;
  /** fetch every request of this scrape goes through (counts requests, applies the timeout). */
  fetch: typeof fetch;
  /** Stored ETag/Last-Modified per URL; new ones are kept until the watch run commits them. */
  validators: ValidatorCache;
  /** Tags (and names) already stored for this app: paging stops at a page holding only these. */
  known: ReadonlySet<string>;
  /** The app's version scheme. */
  scheme: VersionScheme;
  now: () => Date;
  log: ScrapeLogger;
}

export type Scraper<S extends Source = Source> = (source: S, ctx: ScrapeContext) => Promise<ScrapeResult>;

/** A source answered, but not in the shape expected (changed markup, malformed JSON, nothing found). */
export class ScrapeError extends Error {
  override name = 'ScrapeError';
}
