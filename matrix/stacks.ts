// Stacks (docs/api.md, "Stacks"): a release is confirmed on a stack when the rule says `safe` for
// it on a server that runs only the stack's platform, each component at the newest known release
// of its series. Pages, feeds and release lists read statuses through here, so they can never
// disagree with the advice.
import type { Stack } from './contract.ts';
import type { AppEntry, Registry, ReleaseEntry } from './registry.ts';
import { ELSEWHERE } from './run-masks.ts';
import { installedAt, judge, type Judgement, type ResolvedInventory } from './status.ts';
import { compareParsed, parseVersion, seriesOf } from './versions.ts';

/** The stack used when none is declared: no platform at all, so only what concerns the app alone counts. */
export const anyPlatform: Stack = { id: '', name: 'any platform', components: {} };

/** The default stack: the first declared one, or any platform. */
export function defaultStack(registry: Registry): Stack {
  return registry.stacks[0] ?? anyPlatform;
}

export function findStack(registry: Registry, id: string): Stack | null {
  return registry.stacks.find((stack) => stack.id === id) ?? null;
}

/**
 * The inventory of a server that runs only the stack: each component at the newest final release
 * of its series the registry knows (not withdrawn when another is not), or at the series itself
 * when it knows none. Components that are not catalogue apps are left out.
 */
export function stackInventory(registry: Registry, stack: Stack): ResolvedInventory {
  const inventory: ResolvedInventory = new Map();
  for (const [appId, app] of registry.apps) {
    const series = stack.components[appId];
    if (series === undefined) continue;
    const release = newestOfSeries(app, series);
    if (release) {
      inventory.set(appId, installedAt(app, release));
      continue;
    }
    const parsed = parseVersion(series, app.info.versioning);
    if (!parsed || seriesOf(parsed, app.info.series, app.info.versioning) !== series) continue;
    inventory.set(appId, { app, version: series, parsed, series, seriesId: ELSEWHERE, release: null });
  }
  return inventory;
}

function newestOfSeries(app: AppEntry, series: string): ReleaseEntry | null {
  let best: ReleaseEntry | null = null;
  for (const release of app.releases) {
    if (release.series !== series) continue;
    if (best === null || rank(release) > rank(best) || (rank(release) === rank(best) && compareParsed(release.info.parsed, best.info.parsed) > 0)) best = release;
  }
  return best;
}

// A final, current release stands for its series before a withdrawn or prerelease one.
function rank(release: ReleaseEntry): number {
  return (release.info.prerelease ? 0 : 2) + (release.info.withdrawn ? 0 : 1);
}

/** The rule's verdict on `release` of `app` for a server that runs only the stack (and the app at that release). */
export function judgeOnStack(inventory: ResolvedInventory, app: AppEntry, release: ReleaseEntry): Judgement {
  return judge(inventory, app, { version: release.info.version, parsed: release.info.parsed, release });
}
