// What GET /api/v1/apps and the tested-versions page show per app.
import { eq } from 'drizzle-orm';
import { compareVersions } from '../../matrix/versions.ts';
import type { Catalog, CatalogApp } from '../../scrapers/catalog.ts';
import type { Db } from '../db/database.ts';
import { releases, runComponents, runs, watchSources } from '../db/schema.ts';

export interface WatchHealth {
  /** `manual`: no upstream source; `never`: not polled yet; `failing`: the last poll of a source failed. */
  state: 'manual' | 'never' | 'ok' | 'failing';
  /** Null until polled. */
  lastAttemptAt: string | null;
  /** Null until a poll succeeded. */
  lastSuccessAt: string | null;
  /** Null unless failing. */
  lastError: string | null;
  consecutiveFailures: number;
  /** Null unless a source is backing off. */
  nextAttemptAt: string | null;
}

export interface AppSummary {
  id: string;
  name: string;
  kind: 'app' | 'platform';
  homepage: string;
  series: number;
  versioning: string;
  policy: CatalogApp['policy'];
  notes: string | null;
  /** Newest final release found upstream; null when none is known. */
  latestRelease: { version: string; publishedAt: string | null } | null;
  /** Newest release with a passing run; null when none has passed. */
  latestConfirmed: { version: string; testedAt: string } | null;
  watch: WatchHealth;
}

export async function listAppSummaries(db: Db, catalog: Catalog): Promise<AppSummary[]> {
  const [releaseRows, passRows, sourceRows] = await Promise.all([
    db.select({ appId: releases.appId, version: releases.version, publishedAt: releases.publishedAt, prerelease: releases.prerelease, withdrawn: releases.withdrawn }).from(releases),
    db
      .select({ appId: runComponents.appId, version: runComponents.version, testedAt: runs.testedAt })
      .from(runComponents)
      .innerJoin(runs, eq(runs.id, runComponents.runId))
      .where(eq(runs.verdict, 'pass')),
    db.select().from(watchSources),
  ]);
  return catalog.apps.map((app) => {
    const scheme = app.versioning;
    let latestRelease: AppSummary['latestRelease'] = null;
    for (const row of releaseRows) {
      if (row.appId !== app.id || row.prerelease || row.withdrawn) continue;
      if (!latestRelease || compareVersions(row.version, latestRelease.version, scheme) > 0) {
        latestRelease = { version: row.version, publishedAt: row.publishedAt?.toISOString() ?? null };
      }
    }
    let latestConfirmed: { version: string; testedAt: Date } | null = null;
    for (const row of passRows) {
      if (row.appId !== app.id) continue;
      const order = latestConfirmed ? compareVersions(row.version, latestConfirmed.version, scheme) : 1;
      if (order > 0 || (order === 0 && row.testedAt > latestConfirmed!.testedAt)) latestConfirmed = { version: row.version, testedAt: row.testedAt };
    }
    return {
      id: app.id,
      name: app.name,
      kind: app.kind,
      homepage: app.homepage,
      series: app.series,
      versioning: app.versioning,
      policy: app.policy,
      notes: app.notes ?? null,
      latestRelease,
      latestConfirmed: latestConfirmed ? { version: latestConfirmed.version, testedAt: latestConfirmed.testedAt.toISOString() } : null,
      watch: watchHealth(app, sourceRows.filter((row) => row.appId === app.id)),
    };
  });
}

function watchHealth(app: CatalogApp, rows: Array<typeof watchSources.$inferSelect>): WatchHealth {
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
  if (app.sources.length === 0) return { state: 'manual', lastAttemptAt: null, lastSuccessAt: null, lastError: null, consecutiveFailures: 0, nextAttemptAt: null };
  if (rows.length === 0) return { state: 'never', lastAttemptAt: null, lastSuccessAt: null, lastError: null, consecutiveFailures: 0, nextAttemptAt: null };
  const failing = rows.filter((row) => row.consecutiveFailures > 0).sort((a, b) => b.consecutiveFailures - a.consecutiveFailures)[0];
  const latest = (pick: (row: typeof watchSources.$inferSelect) => Date | null) =>
    rows.map(pick).filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  return {
    state: failing ? 'failing' : 'ok',
    lastAttemptAt: iso(latest((row) => row.lastAttemptAt)),
    lastSuccessAt: iso(latest((row) => row.lastSuccessAt)),
    lastError: failing?.lastError ?? null,
    consecutiveFailures: failing?.consecutiveFailures ?? 0,
    nextAttemptAt: iso(failing?.nextAttemptAt),
  };
}
