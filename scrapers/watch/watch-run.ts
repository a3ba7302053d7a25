// One watch: for each app of the catalogue, plan which sources to poll (backoff), poll them,
// diff what they show against what is stored, and commit the app's results in one transaction.
// Support sources (per-series support dates) go through the same steps beside the release
// sources, and their changed rows are stored in the app's same transaction.
// One failing source never stops the others; a second run with nothing new upstream costs one
// conditional request per source and changes no release and no support date. Storage and the
// lock come from the composition root: this folder imports nothing of the server.
import type { Catalog, CatalogApp } from '../catalog.ts';
import type { HttpPolicy } from '../http/http-policy.ts';
import type { ScrapeLogger } from '../scrape-logger.ts';
import type { SourceSettings } from '../source-kind.ts';
import { commitApp } from './watch-commit.ts';
import { diffApp } from './watch-diff.ts';
import { fullReadEveryMs, planSources } from './watch-plan.ts';
import { pollSource, skipped, type PolledSource } from './watch-poll.ts';
import { appStatus, UnknownAppsError, type AppWatchResult, type WatchOptions, type WatchSummary } from './watch-results.ts';
import { diffSupport } from './watch-support-diff.ts';
import { pollSupportSource, skippedSupport, type PolledSupport } from './watch-support-poll.ts';
import type { ExclusiveLock, WatchStore } from './watch-store.ts';
import type { Validators } from '../http/validator-cache.ts';

export interface WatchDeps {
  store: WatchStore;
  catalog: Catalog;
  settings: SourceSettings;
  /** User-Agent, timeouts, retries: the composition root's. */
  httpPolicy: HttpPolicy;
  now: () => Date;
  log: ScrapeLogger;
  /** The fetch under the timeout and counting wrapper; default the global one. */
  baseFetch?: typeof fetch;
  /** Called after the run with the apps it polled (their releases or at least their watch health changed). */
  onAppsWatched?: (appIds: string[]) => Promise<void>;
  /** Called after the run with the apps whose upstream support dates it stored. */
  onSupportChanged?: (appIds: string[]) => Promise<void>;
}

// Any constant works as long as every instance uses the same one ("vwat").
export const watchLockKey = 0x76776174;

/** Runs a watch unless another instance (sharing the database) holds the watch lock. */
export async function runExclusiveWatch(
  withExclusiveLock: ExclusiveLock,
  deps: WatchDeps,
  options: WatchOptions = {},
): Promise<{ ran: true; summary: WatchSummary } | { ran: false }> {
  const outcome = await withExclusiveLock(watchLockKey, () => runWatch(deps, options));
  return outcome.locked ? { ran: true, summary: outcome.value } : { ran: false };
}

export async function runWatch(deps: WatchDeps, options: WatchOptions = {}): Promise<WatchSummary> {
  const selected = selectApps(deps.catalog, options.apps);
  const startedAt = deps.now();
  const storedValidators = await deps.store.loadValidators(new Date(startedAt.getTime() - fullReadEveryMs));
  const results: AppWatchResult[] = [];
  for (const [index, app] of selected.entries()) {
    options.onProgress?.({ type: 'app-started', app: app.id, index, total: selected.length });
    const result = await watchApp(deps, app, storedValidators, options.force ?? false);
    results.push(result);
    options.onProgress?.({ type: 'app-finished', result, index, total: selected.length });
  }
  // Polled apps changed at least their watch health.
  const watched = results.filter((r) => r.status !== 'skipped' && r.status !== 'no-sources').map((r) => r.app);
  if (watched.length > 0 && deps.onAppsWatched) {
    await deps.onAppsWatched(watched).catch((error: unknown) => deps.log.warn({ err: String(error) }, 'could not publish watched releases'));
  }
  const supportChanged = results.filter((r) => r.supportChanged.length > 0).map((r) => r.app);
  if (supportChanged.length > 0 && deps.onSupportChanged) {
    await deps.onSupportChanged(supportChanged).catch((error: unknown) => deps.log.warn({ err: String(error) }, 'could not publish changed support dates'));
  }
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: deps.now().toISOString(),
    apps: results,
    newReleases: results.reduce((n, r) => n + r.newVersions.length, 0),
    requests: results.reduce((n, r) => n + r.requests, 0),
  };
}

function selectApps(catalog: Catalog, ids: string[] | undefined): CatalogApp[] {
  if (!ids || ids.length === 0) return catalog.apps;
  const unknown = ids.filter((id) => !catalog.apps.some((app) => app.id === id));
  if (unknown.length > 0) throw new UnknownAppsError(unknown);
  return catalog.apps.filter((app) => ids.includes(app.id));
}

/** plan → poll → diff → commit, for one app. */
async function watchApp(deps: WatchDeps, app: CatalogApp, storedValidators: ReadonlyMap<string, Validators>, force: boolean): Promise<AppWatchResult> {
  if (app.sources.length === 0 && app.supportSources.length === 0) {
    return { app: app.id, status: 'no-sources', newVersions: [], newlyInsecure: [], supportChanged: [], requests: 0, sources: [] };
  }
  const now = deps.now();
  const known = await deps.store.loadKnownReleases(app.id);
  const health = await deps.store.loadSourceHealth(app.id);

  const plan = planSources(app.sources, health, storedValidators, now, force);
  const supportPlan = planSources(app.supportSources, health, storedValidators, now, force, 'support:');

  const polled: PolledSource[] = [];
  const target = { appId: app.id, scheme: app.versioning, knownTags: known.tags, storedValidators };
  for (const source of plan) polled.push(source.backingOffUntil ? skipped(source) : await pollSource(deps, target, source));
  const polledSupport: PolledSupport[] = [];
  const supportTarget = { appId: app.id, scheme: app.versioning, seriesParts: app.series, storedValidators };
  for (const source of supportPlan) polledSupport.push(source.backingOffUntil ? skippedSupport(source) : await pollSupportSource(deps, supportTarget, source));

  const diff = diffApp(polled, known);
  // Stored rows are read only when a support source answered with dates.
  const support = polledSupport.some((p) => p.series) ? diffSupport(polledSupport, await deps.store.loadUpstreamSupport(app.id)) : [];

  const { newVersions, newlyInsecure, supportChanged, sources } = await commitApp(deps, app.id, [...polled, ...polledSupport], diff, support, health, now);
  return {
    app: app.id,
    status: appStatus(sources, newVersions),
    newVersions,
    newlyInsecure,
    supportChanged,
    requests: sources.reduce((n, s) => n + s.requests, 0),
    sources,
  };
}

