// Git tags of a GitHub repository (`GET /repos/{owner}/{repo}/tags`). Tags carry no date, so
// releases from here have `publishedAt` null unless another source of the app gives one.
//
// Options (source-config.ts GithubTagsSource): repo (required); include (default: every tag);
// exclude (default: none); template (default: include's `version` group, else the tag);
// prerelease (default: none).
import { z } from 'zod';
import { listGithubPages, tagWebUrl } from './github-pages.ts';
import { createNameMatcher } from './name-match.ts';
import type { ScrapedRelease, ScrapeContext, ScrapeResult } from './scrape-types.ts';
import { ScrapeError } from './scrape-types.ts';
import type { GithubTagsSource } from './source-config.ts';

/** One entry of GitHub's tag list; only the name is read. */
export const GithubTag = z.object({ name: z.string().min(1).max(200) });
export type GithubTag = z.infer<typeof GithubTag>;

export async function scrapeGithubTags(source: GithubTagsSource, ctx: ScrapeContext): Promise<ScrapeResult> {
  const matcher = createNameMatcher(source);
  const isNew = (item: unknown) => {
    const tag = GithubTag.safeParse(item);
    return tag.success && !ctx.known.has(tag.data.name) && matcher.match(tag.data.name) !== null;
  };
  const listing = await listGithubPages(ctx, source.repo, 'tags', isNew);
  if (listing.status === 'not-modified') return listing;
  if (listing.items.length === 0) throw new ScrapeError(`GitHub ${source.repo} lists no tags`);
  const releases: ScrapedRelease[] = [];
  let dropped = 0;
  for (const item of listing.items) {
    const tag = GithubTag.safeParse(item);
    if (!tag.success) {
      dropped++;
      continue;
    }
    const match = matcher.match(tag.data.name);
    if (!match) continue;
    releases.push({
      version: match.version,
      tag: tag.data.name,
      publishedAt: null,
      prerelease: match.prerelease,
      draft: false,
      url: tagWebUrl(ctx, source.repo, tag.data.name),
      security: false,
      insecure: false,
      title: null,
      notes: null,
    });
  }
  return { status: 'ok', releases, dropped, annotateOnly: false, partial: listing.partial };
}
