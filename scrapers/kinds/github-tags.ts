// Git tags of a GitHub repository (`GET /repos/{owner}/{repo}/tags`). Tags carry no date, so
// releases from here have `publishedAt` null unless another source of the app gives one.
//
// Options: repo (required); include (default: every tag); exclude (default: none); template
// (default: include's `version` group, else the tag); prerelease (default: none).
import { z } from 'zod';
import { scrapedRelease } from '../source-kind.ts';
import { tagWebUrl } from './github-api.ts';
import { defineGithubListKind } from './github-list-kind.ts';

/** One entry of GitHub's tag list; only the name is read. */
export const GithubTag = z.object({ name: z.string().min(1).max(200) });
export type GithubTag = z.infer<typeof GithubTag>;

export const githubTags = defineGithubListKind('tags', {
  item: GithubTag,
  nameOf: (tag) => tag.name,
  release: (tag, match, source, ctx) => scrapedRelease(match.version, {
    tag: tag.name,
    prerelease: match.prerelease,
    url: tagWebUrl(ctx.settings, source.repo, tag.name),
  }),
});
