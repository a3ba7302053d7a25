// The upstream sources an app's catalogue entry may name: one zod schema per source kind.
// Each kind is implemented by `scrapers/<kind>.ts`.
import { z } from 'zod';

/** Options every source kind shares: which upstream names are releases and how to read them. */
const filterOptions = {
  /** Regex a tag/name must match; named groups feed `template`. Default: everything. */
  include: z.string().optional(),
  /** Regex of names to skip even when `include` matches. Default: none. */
  exclude: z.string().optional(),
  /**
   * Builds the version from `include`'s named groups, e.g. `{{major}}.{{minor}}.{{patch}}`; a group
   * that did not take part becomes empty. Default: the group `version` if `include` has one, else the name.
   */
  template: z.string().optional(),
  /**
   * Regex on the name: a match flags a prerelease even when the version reads as final (MariaDB's
   * pre-GA patches). Default: none; prerelease words in the version and upstream's own flag count anyway.
   */
  prerelease: z.string().optional(),
};

const repo = z.string().regex(/^[\w.-]+\/[\w.-]+$/);

/** Where one value sits in a JSON item: a dot path, `$key` (the item's key in an object) or `$value` (the item itself). */
const jsonPath = z.string().min(1).max(200);

/** "This item is X when `field` (or any element of it, for an array) matches `pattern`." */
export const JsonMarker = z.strictObject({
  field: jsonPath,
  pattern: z.string(),
});
export type JsonMarker = z.infer<typeof JsonMarker>;

export const GithubReleasesSource = z.strictObject({
  kind: z.literal('github-releases'),
  /** `owner/name` on GitHub (or the GitHub Enterprise of GITHUB_API_URL). */
  repo,
  ...filterOptions,
});
export type GithubReleasesSource = z.infer<typeof GithubReleasesSource>;

export const GithubTagsSource = z.strictObject({
  kind: z.literal('github-tags'),
  repo,
  ...filterOptions,
});
export type GithubTagsSource = z.infer<typeof GithubTagsSource>;

export const HtmlSource = z.strictObject({
  kind: z.literal('html'),
  url: z.url(),
  /** CSS selector of the elements holding versions. Default `a`. */
  selector: z.string().default('a'),
  /** Attribute to read, or the element's text when absent. */
  attribute: z.string().optional(),
  ...filterOptions,
});
export type HtmlSource = z.infer<typeof HtmlSource>;

export const JsonSource = z.strictObject({
  kind: z.literal('json'),
  url: z.url(),
  /** Dot path to the array or object holding one entry per release. Default: the document itself. */
  items: z.string().max(200).default(''),
  /** Where the release's name is in an entry. Default `$key` (objects keyed by version, like php.net's). */
  name: jsonPath.default('$key'),
  /** Where the release date is (ISO, `30 Jul 2026`, `July 11th, 2026`). Default: none. */
  date: jsonPath.optional(),
  /** Where a link to the release is. Default: none. */
  link: jsonPath.optional(),
  /** Marks an entry as a prerelease (MariaDB `status` `rc`). Default: none. */
  prereleaseWhen: JsonMarker.optional(),
  /** Marks an entry as a release that fixes vulnerabilities (php.net `tags` `security`). Default: none. */
  securityWhen: JsonMarker.optional(),
  /**
   * Marks an entry as a version upstream lists as having known vulnerabilities (WordPress
   * stable-check `insecure`). Unlike the other fields it may turn on for a release already stored.
   * Default: none.
   */
  insecureWhen: JsonMarker.optional(),
  /**
   * Entries only add flags (security, insecure, dates) to versions other sources of the app found in the same
   * watch, and never make a release of their own. Default false.
   */
  annotateOnly: z.boolean().default(false),
  ...filterOptions,
});
export type JsonSource = z.infer<typeof JsonSource>;

export const Source = z.discriminatedUnion('kind', [GithubReleasesSource, GithubTagsSource, HtmlSource, JsonSource]);
export type Source = z.infer<typeof Source>;
export type SourceKind = Source['kind'];
