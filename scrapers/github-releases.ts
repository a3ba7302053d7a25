// GitHub Releases of a repository (`GET /repos/{owner}/{repo}/releases`): dates, upstream's
// prerelease and draft flags, titles and notes (read for "security" and CVE ids).
//
// Options (source-config.ts GithubReleasesSource): repo (required); include on the tag name
// (default: every release); exclude (default: none); template (default: include's `version`
// group, else the tag); prerelease (default: none; GitHub's own flag counts anyway).
import { z } from 'zod';
import { listGithubPages } from './github-pages.ts';
import { createNameMatcher } from './name-match.ts';
import type { ScrapedRelease, ScrapeContext, ScrapeResult } from './scrape-types.ts';
import { ScrapeError } from './scrape-types.ts';
import type { GithubReleasesSource } from './source-config.ts';

/** One entry of GitHub's release list; only the fields read. */
export const GithubRelease = z.object({
  tag_name: z.string().min(1).max(200),
  name: z.string().nullable(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  /** Null for drafts. */
  published_at: z.string().nullable(),
  html_url: z.string().nullable(),
  body: z.string().nullable().optional(),
});
export type GithubRelease = z.infer<typeof GithubRelease>;

export async function scrapeGithubReleases(source: GithubReleasesSource, ctx: ScrapeContext): Promise<ScrapeResult> {
  const matcher = createNameMatcher(source);
  const isNew = (item: unknown) => {
    const release = GithubRelease.safeParse(item);
    return release.success && !release.data.draft && !ctx.known.has(release.data.tag_name) && matcher.match(release.data.tag_name) !== null;
  };
  const listing = await listGithubPages(ctx, source.repo, 'releases', isNew);
  if (listing.status === 'not-modified') return listing;
  if (listing.items.length === 0) throw new ScrapeError(`GitHub ${source.repo} lists no releases`);
  const releases: ScrapedRelease[] = [];
  let dropped = 0;
  for (const item of listing.items) {
    const parsed = GithubRelease.safeParse(item);
    if (!parsed.success) {
      dropped++;
      continue;
    }
    const release = parsed.data;
    const match = matcher.match(release.tag_name);
    if (!match) continue;
    const publishedAt = release.published_at ? new Date(release.published_at) : null;
    releases.push({
      version: match.version,
      tag: release.tag_name,
      publishedAt: publishedAt && !Number.isNaN(publishedAt.getTime()) ? publishedAt : null,
      prerelease: release.prerelease || match.prerelease,
      draft: release.draft,
      url: release.html_url,
      security: false,
      insecure: false,
      title: release.name,
      notes: release.body ?? null,
    });
  }
  return { status: 'ok', releases, dropped, annotateOnly: false, partial: listing.partial };
}
