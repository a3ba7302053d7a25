// What the GitHub kinds share: list the repository's tags or releases, keep the entries whose
// name the source's options match, turn each into a release. Each kind says only how to read
// one entry of its list.
import type { z } from 'zod';
import { createNameMatcher, type NameMatch } from '../name-match.ts';
import { defineSourceKind, ScrapeError, type ScrapedRelease, type ScrapeContext, type SourceKind } from '../source-kind.ts';
import { githubSourceOptions, listGithub, type GithubList } from './github-api.ts';

export interface GithubListSpec<Item> {
  /** One entry of the list; only the fields read. An entry of another shape is dropped and counted. */
  item: z.ZodType<Item>;
  /** The name `include`/`exclude` are matched against (the tag). */
  nameOf(item: Item): string;
  /** Whether the entry may be a new release at all (drafts are not); default yes. */
  mayBeNew?(item: Item): boolean;
  release(item: Item, match: NameMatch, source: { repo: string }, ctx: ScrapeContext): ScrapedRelease;
}

/** The kind `github-<list>`: a repository's `list` read as releases. */
export function defineGithubListKind<List extends GithubList, Item>(list: List, spec: GithubListSpec<Item>) {
  const options = githubSourceOptions(`github-${list}` as const);
  const kind: SourceKind<typeof options> = defineSourceKind({
    options,
    async scrape(source, ctx) {
      const matcher = createNameMatcher(source);
      const isNew = (entry: unknown) => {
        const item = spec.item.safeParse(entry);
        return item.success && (spec.mayBeNew?.(item.data) ?? true) && !ctx.known.has(spec.nameOf(item.data)) && matcher.match(spec.nameOf(item.data)) !== null;
      };
      const listing = await listGithub(ctx, source.repo, list, isNew);
      if (listing.status === 'not-modified') return listing;
      if (listing.items.length === 0) throw new ScrapeError(`GitHub ${source.repo} lists no ${list}`);
      const releases: ScrapedRelease[] = [];
      let dropped = 0;
      for (const entry of listing.items) {
        const item = spec.item.safeParse(entry);
        if (!item.success) {
          dropped++;
          continue;
        }
        const match = matcher.match(spec.nameOf(item.data));
        if (match) releases.push(spec.release(item.data, match, source, ctx));
      }
      return { status: 'ok', releases, dropped, annotateOnly: false, partial: listing.partial };
    },
  });
  return kind;
}
