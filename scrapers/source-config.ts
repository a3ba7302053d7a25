// The upstream sources an app's catalogue entry may name: one zod schema per source kind.
// Each kind is implemented by `scrapers/<kind>.ts`.
import { z } from 'zod';

/** Options every source kind shares: which upstream names are releases and how to read them. */
const filterOptions = {
  /** Regex a tag/name must match; named groups feed `template`. Default: everything. */
  include: z.string().optional(),
  /** Regex of names to skip even when `include` matches. Default: none. */
  exclude: z.string().optional(),
  /** Builds the version from `include`'s named groups, e.g. `{{major}}.{{minor}}.{{patch}}`. Default: the name. */
  template: z.string().optional(),
};

export const GithubReleasesSource = z.strictObject({
  kind: z.literal('github-releases'),
  /** `owner/name` on GitHub (or the GitHub Enterprise of GITHUB_API_URL). */
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  ...filterOptions,
});
export type GithubReleasesSource = z.infer<typeof GithubReleasesSource>;

export const GithubTagsSource = z.strictObject({
  kind: z.literal('github-tags'),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
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
  ...filterOptions,
});
export type JsonSource = z.infer<typeof JsonSource>;

export const Source = z.discriminatedUnion('kind', [GithubReleasesSource, GithubTagsSource, HtmlSource, JsonSource]);
export type Source = z.infer<typeof Source>;
export type SourceKind = Source['kind'];
