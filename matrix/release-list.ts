// An app's releases with their status on a stack, newest first: what GET /api/v1/apps/{app}/releases,
// the app pages and the feeds show, read from the index through the rule (matrix/stacks.ts).
import type { Release, Stack } from './contract.ts';
import type { AppEntry, Registry, ReleaseEntry } from './registry.ts';
import { judgeOnStack, stackInventory } from './stacks.ts';
import type { ResolvedInventory } from './status.ts';
import { compareParsed, type ParsedVersion } from './versions.ts';

export interface ReleaseListOptions {
  stack: Stack;
  includePrereleases: boolean;
  limit: number;
  /** Only versions older than this one (the cursor of the previous page); null from the newest. */
  before: ParsedVersion | null;
}

export interface ReleasePage {
  releases: Release[];
  /** The oldest version of the page when there are more; null on the last page. */
  nextBefore: string | null;
}

export function listReleases(registry: Registry, app: AppEntry, options: ReleaseListOptions): ReleasePage {
  const inventory = stackInventory(registry, options.stack);
  const page: Release[] = [];
  let more = false;
  for (let i = app.releases.length - 1; i >= 0; i--) {
    const release = app.releases[i]!;
    if (release.info.prerelease && !options.includePrereleases) continue;
    if (options.before !== null && compareParsed(release.info.parsed, options.before) >= 0) continue;
    if (page.length === options.limit) {
      more = true;
      break;
    }
    page.push(releaseOnStack(inventory, app, release));
  }
  return { releases: page, nextBefore: more ? page.at(-1)!.version : null };
}

/** One release as the API shows it, judged for a server running `inventory` (a stack's). */
export function releaseOnStack(inventory: ResolvedInventory, app: AppEntry, release: ReleaseEntry): Release {
  const { info } = release;
  const judgement = judgeOnStack(inventory, app, release);
  return {
    version: info.version,
    tag: info.tag,
    publishedAt: info.publishedAt?.toISOString() ?? null,
    prerelease: info.prerelease,
    url: info.url,
    security: info.security,
    insecure: info.insecure,
    status: judgement.status,
    ...(judgement.reason === undefined ? {} : { reason: judgement.reason }),
    ...(judgement.evidence === undefined ? {} : { evidence: judgement.evidence }),
    firstSeenAt: info.firstSeenAt.toISOString(),
    withdrawn: info.withdrawn,
    withdrawnReason: info.withdrawnReason,
  };
}
