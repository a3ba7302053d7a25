// GitHub Releases of a repository (`GET /repos/{owner}/{repo}/releases`): dates, upstream's
// prerelease and draft flags, titles and notes (read for "security" and CVE ids).
//
// Options: repo (required); include on the tag name (default: every release); exclude (default:
// none); template (default: include's `version` group, else the tag); prerelease (default: none;
// GitHub's own flag counts anyway).
import { z } from 'zod';
import { scrapedRelease } from '../source-kind.ts';
import { defineGithubListKind } from './github-list-kind.ts';

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

export const githubReleases = defineGithubListKind('releases', {
  item: GithubRelease,
  nameOf: (release) => release.tag_name,
  mayBeNew: (release) => !release.draft,
  release: (release, match) => {
    const publishedAt = release.published_at ? new Date(release.published_at) : null;
    return scrapedRelease(match.version, {
      tag: release.tag_name,
      publishedAt: publishedAt && !Number.isNaN(publishedAt.getTime()) ? publishedAt : null,
      prerelease: release.prerelease || match.prerelease,
      draft: release.draft,
      url: release.html_url,
      title: release.name,
      notes: release.body ?? null,
    });
  },
});
