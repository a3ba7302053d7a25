// One watch: for each app of the catalogue, poll its sources (skipping those backing off unless
// forced), normalise and merge what they show, store the releases not seen before, and record
// each source's health. One failing source never stops the others; a second run with nothing new
// upstream costs one conditional request per source and changes no release.
import { createHash } from 'node:crypto';
import type { Catalog, CatalogApp } from './catalog.ts';
import type { Database, Db } from '../server/db/database.ts';
import { bumpChangeSeq } from '../server/db/change-seq.ts';
import { recordAudit } from '../server/repositories/audit.ts';
import { createHttpClient, createOutboundFetch, defaultHttpPolicy, type HttpPolicy } from './http.ts';
import type { WatcherOctokit } from './github-client.ts';
import { scrape } from './index.ts';
import { mergeSources, normalizeReleases, type NormalizedRelease, type SourceReleases } from './normalize.ts';
import type { ScrapeLogger } from './scrape-types.ts';
import type { Source } from './source-config.ts';
import { createValidatorCache, type Validators } from './validator-cache.ts';
import {
  annotateStoredReleases, annotationsFor, insertNewReleases, loadKnownReleases, loadSourceHealth, loadValidators, recordSourceAttempt, saveValidators,
  type KnownReleases, type NewRelease, type SourceAttempt,
} from './watch-repository.ts';

export interface WatchDeps {
  db: Db;
  catalog: Catalog;
  octokit: WatcherOctokit;
  now: () => Date;
  log: ScrapeLogger;
  httpPolicy?: HttpPolicy;
  /** The fetch under the timeout and counting wrapper; default the global one. */
  baseFetch?: typeof fetch;
  /** Called after a commit that stored new releases (publishes the change to the registry). */
  onReleasesAdded?: (appIds: string[]) => Promise<void>;
}

export interface WatchOptions {
  /** App ids to poll; default every app of the catalogue. */
  apps?: string[];
  /** Poll sources that are backing off after failures too. */
  force?: boolean;
  /** Called as each app starts and finishes. */
  onProgress?: (event: WatchProgress) => void;
}

export type WatchProgress =
  | { type: 'app-started'; app: string; index: number; total: number }
  | { type: 'app-finished'; result: AppWatchResult; index: number; total: number };

export type SourceStatus = 'ok' | 'not-modified' | 'failed' | 'skipped';

export interface SourceWatchResult {
  /** `position:kind`, e.g. `0:github-tags`. */
  key: string;
  kind: string;
  status: SourceStatus;
  /** Null unless failed. */
  error: string | null;
  /** Releases the source showed after normalising (0 unless ok). */
  releases: number;
  /** Entries dropped: drafts, future-dated, unreadable versions, bad shapes. */
  dropped: number;
  requests: number;
  /** Null unless the source is backing off. */
  nextAttemptAt: string | null;
}

export type AppWatchStatus = 'updated' | 'unchanged' | 'not-modified' | 'partial' | 'failed' | 'skipped' | 'no-sources';

export interface AppWatchResult {
  app: string;
  status: AppWatchStatus;
  /** Versions stored by this watch, newest first as upstream listed them. */
  newVersions: string[];
  /** Stored versions upstream now lists as having known vulnerabilities (WordPress stable-check). */
  newlyInsecure: string[];
  requests: number;
  sources: SourceWatchResult[];
}

export interface WatchSummary {
  startedAt: string;
  finishedAt: string;
  apps: AppWatchResult[];
  newReleases: number;
  requests: number;
}

export class UnknownAppsError extends Error {
  override name = 'UnknownAppsError';
  constructor(readonly apps: string[]) {
    super(`unknown app${apps.length > 1 ? 's' : ''}: ${apps.join(', ')}`);
  }
}

// Backoff after consecutive failures: 15 min doubling per failure, at most a day. An hourly
// schedule so retries a broken source at 15 min, 30 min, 1 h, 2 h … 24 h.
const backoffBaseMs = 15 * 60_000;
const backoffMaxMs = 24 * 60 * 60_000;

export function backoffDelayMs(consecutiveFailures: number): number {
  return Math.min(backoffBaseMs * 2 ** Math.max(consecutiveFailures - 1, 0), backoffMaxMs);
}

// GitHub lists tags by name, not by date, so a new tag can land on a later page while the first
// page (the one asked conditionally) stays the same. Once a day each source is read in full,
// unconditionally and without stopping at known pages, so such a tag waits at most this long.
const fullReadEveryMs = 24 * 60 * 60_000;

// Any constant works as long as every instance uses the same one ("vwat").
export const watchLockKey = 0x76776174;

/** Runs a watch unless another instance (sharing the PostgreSQL) is running one. */
export async function runExclusiveWatch(
  database: Database,
  deps: Omit<WatchDeps, 'db'>,
  options: WatchOptions = {},
): Promise<{ ran: true; summary: WatchSummary } | { ran: false }> {
  const outcome = await database.withExclusiveLock(watchLockKey, () => runWatch({ ...deps, db: database.db }, options));
  return outcome.locked ? { ran: true, summary: outcome.value } : { ran: false };
}

export async function runWatch(deps: WatchDeps, options: WatchOptions = {}): Promise<WatchSummary> {
  const selected = selectApps(deps.catalog, options.apps);
  const startedAt = deps.now();
  const storedValidators = await loadValidators(deps.db, new Date(startedAt.getTime() - fullReadEveryMs));
  const results: AppWatchResult[] = [];
  const changed: string[] = [];
  for (const [index, app] of selected.entries()) {
    options.onProgress?.({ type: 'app-started', app: app.id, index, total: selected.length });
    const result = await watchApp(deps, app, storedValidators, options.force ?? false);
    results.push(result);
    // Polled apps changed at least their watch health.
    if (result.status !== 'skipped' && result.status !== 'no-sources') changed.push(app.id);
    options.onProgress?.({ type: 'app-finished', result, index, total: selected.length });
  }
  if (changed.length > 0 && deps.onReleasesAdded) {
    await deps.onReleasesAdded(changed).catch((error: unknown) => deps.log.warn({ err: String(error) }, 'could not publish watched releases'));
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

interface PolledSource {
  result: SourceWatchResult;
  releases: SourceReleases | null;
  validators: Map<string, Validators>;
}

async function watchApp(deps: WatchDeps, app: CatalogApp, storedValidators: Map<string, Validators>, force: boolean): Promise<AppWatchResult> {
  if (app.sources.length === 0) return { app: app.id, status: 'no-sources', newVersions: [], newlyInsecure: [], requests: 0, sources: [] };
  const now = deps.now();
  const known = await loadKnownReleases(deps.db, app.id);
  const health = await loadSourceHealth(deps.db, app.id);
  const polled: PolledSource[] = [];
  for (const [position, source] of app.sources.entries()) {
    const key = `${position}:${source.kind}`;
    const backoffUntil = health.get(key)?.nextAttemptAt ?? null;
    if (!force && backoffUntil && backoffUntil.getTime() > now.getTime()) {
      polled.push({
        result: { key, kind: source.kind, status: 'skipped', error: null, releases: 0, dropped: 0, requests: 0, nextAttemptAt: backoffUntil.toISOString() },
        releases: null,
        validators: new Map(),
      });
      continue;
    }
    polled.push(await pollSource(deps, app, position, known, storedValidators));
  }

  const okLists = polled.flatMap((p) => (p.releases ? [p.releases] : []));
  const originOf = (version: string) => {
    const index = polled.findIndex((p) => p.releases && !p.releases.annotateOnly && p.releases.releases.some((r) => r.version === version));
    return polled[index]?.result.kind ?? 'watch';
  };
  const merged = mergeSources(okLists, known.versions);
  const fresh: NewRelease[] = merged
    .filter((release) => !known.versions.has(release.version))
    .map((release: NormalizedRelease) => ({ ...release, origin: originOf(release.version) }));
  const annotations = annotationsFor(known.versions, merged);

  let newVersions: string[] = [];
  let newlyInsecure: string[] = [];
  try {
    const recording = polled.some((p) => p.result.status !== 'skipped');
    newVersions = await deps.db.transaction(async (tx) => {
      // Bumped first and stamped on the new rows (see server/db/change-seq.ts). The pages show
      // watch health too, so a poll that found nothing new still changes what they show.
      const changeSeq = fresh.length > 0 || annotations.length > 0 || recording ? await bumpChangeSeq(tx) : 0;
      const inserted = await insertNewReleases(tx, app.id, fresh, now, changeSeq);
      for (const version of inserted) {
        const release = fresh.find((r) => r.version === version)!;
        await recordAudit(tx, {
          actor: 'watcher',
          action: 'release.create',
          subject: `release:${app.id}@${version}`,
          details: { origin: release.origin, tag: release.tag, prerelease: release.prerelease, security: release.security, insecure: release.insecure },
        });
      }
      await annotateStoredReleases(tx, app.id, annotations, changeSeq);
      for (const { version, ...change } of annotations) {
        await recordAudit(tx, { actor: 'watcher', action: 'release.annotate', subject: `release:${app.id}@${version}`, details: change });
      }
      for (const p of polled) {
        if (p.result.status === 'skipped') continue;
        if (p.result.status !== 'failed') await saveValidators(tx, p.validators, now);
        await recordSourceAttempt(tx, attemptOf(app.id, p.result, health.get(p.result.key)?.consecutiveFailures ?? 0, now));
      }
      return inserted;
    });
    newlyInsecure = annotations.filter((a) => a.insecure).map((a) => a.version);
  } catch (error) {
    const message = `storing the results failed: ${error instanceof Error ? error.message : String(error)}`;
    deps.log.warn({ app: app.id, err: message }, 'watch could not store an app');
    for (const p of polled) {
      if (p.result.status === 'skipped') continue;
      p.result = { ...p.result, status: 'failed', error: message };
    }
  }

  for (const p of polled) {
    if (p.result.status === 'failed') {
      const failures = (health.get(p.result.key)?.consecutiveFailures ?? 0) + 1;
      p.result.nextAttemptAt = new Date(now.getTime() + backoffDelayMs(failures)).toISOString();
    }
  }
  const sources = polled.map((p) => p.result);
  return { app: app.id, status: appStatus(sources, newVersions), newVersions, newlyInsecure, requests: sources.reduce((n, s) => n + s.requests, 0), sources };
}

function attemptOf(appId: string, result: SourceWatchResult, previousFailures: number, now: Date): SourceAttempt {
  const failed = result.status === 'failed';
  return {
    appId,
    sourceKey: result.key,
    at: now,
    result: result.status === 'skipped' ? 'failed' : result.status,
    error: result.error,
    releasesSeen: result.releases,
    nextAttemptAt: failed ? new Date(now.getTime() + backoffDelayMs(previousFailures + 1)) : null,
  };
}

async function pollSource(
  deps: WatchDeps,
  app: CatalogApp,
  position: number,
  known: KnownReleases,
  storedValidators: Map<string, Validators>,
): Promise<PolledSource> {
  const source = app.sources[position]!;
  const key = `${position}:${source.kind}`;
  const policy = deps.httpPolicy ?? defaultHttpPolicy;
  let requests = 0;
  const fetchForSource = createOutboundFetch({
    timeoutMs: policy.timeoutMs,
    onRequest: () => requests++,
    ...(deps.baseFetch ? { baseFetch: deps.baseFetch } : {}),
  });
  const validators = createValidatorCache(storedValidators, sourceDigest(source));
  // Without a stored validator this is a full read: page through everything, not only what is new.
  const fullRead = storedValidators.size === 0 || ![...storedValidators.keys()].some((url) => url.endsWith(`#source=${sourceDigest(source)}`));
  const now = deps.now();
  const base = { key, kind: source.kind, releases: 0, dropped: 0, nextAttemptAt: null };
  try {
    const result = await scrape(source, {
      http: createHttpClient({ fetch: fetchForSource, validators, policy }),
      octokit: deps.octokit,
      fetch: fetchForSource,
      validators,
      known: fullRead ? new Set<string>() : known.tags,
      scheme: app.versioning,
      now: deps.now,
      log: deps.log,
    });
    if (result.status === 'not-modified') {
      return { result: { ...base, status: 'not-modified', error: null, requests }, releases: null, validators: validators.pending() };
    }
    const normalized = normalizeReleases(result.releases, { scheme: app.versioning, now });
    const dropped = result.dropped + normalized.dropped.drafts + normalized.dropped.future + normalized.dropped.unparseable;
    if (normalized.dropped.unparseable > 0) {
      deps.log.warn({ app: app.id, source: key, count: normalized.dropped.unparseable, samples: normalized.unparseableSamples }, 'versions that could not be read were dropped');
    }
    if (normalized.releases.length === 0) {
      const error = `the source returned no releases (${result.releases.length} entries matched, ${dropped} dropped)`;
      return { result: { ...base, status: 'failed', error, dropped, requests }, releases: null, validators: new Map() };
    }
    return {
      result: { ...base, status: 'ok', error: null, releases: normalized.releases.length, dropped, requests },
      releases: { releases: normalized.releases, annotateOnly: result.annotateOnly },
      validators: validators.pending(),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn({ app: app.id, source: key, err: message }, 'source poll failed');
    return { result: { ...base, status: 'failed', error: message, requests }, releases: null, validators: new Map() };
  }
}

/** A short digest of how a source is read; validators are kept per URL and digest. */
export function sourceDigest(source: Source): string {
  return createHash('sha256').update(JSON.stringify(source)).digest('hex').slice(0, 12);
}

function appStatus(sources: SourceWatchResult[], newVersions: string[]): AppWatchStatus {
  const polled = sources.filter((s) => s.status !== 'skipped');
  if (polled.length === 0) return 'skipped';
  const failed = polled.filter((s) => s.status === 'failed').length;
  if (failed === polled.length) return 'failed';
  if (failed > 0) return 'partial';
  if (newVersions.length > 0) return 'updated';
  if (polled.every((s) => s.status === 'not-modified')) return 'not-modified';
  return 'unchanged';
}
