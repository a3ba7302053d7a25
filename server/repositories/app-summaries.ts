// What GET /api/v1/apps and the tested-versions page show per app, judged on one stack.
import { appStanding, type LatestConfirmed, type LatestRelease } from '../../matrix/app-facts.ts';
import type { Stack } from '../../matrix/contract.ts';
import { stackInventory } from '../../matrix/stacks.ts';
import type { Registry } from '../../matrix/registry.ts';
import type { Catalog, CatalogApp } from '../../scrapers/catalog.ts';
import type { Db } from '../db/database.ts';
import { watchSources } from '../db/schema.ts';

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
  /** Newest final, not withdrawn release, with its status on the stack; null when none is known. */
  latestRelease: LatestRelease | null;
  /** Newest final, not withdrawn release confirmed working on the stack; null when none is. */
  latestConfirmed: LatestConfirmed | null;
  watch: WatchHealth;
}

/** Every catalogue app with its newest releases on the stack (from the index) and its watch health (from the database). */
export async function listAppSummaries(db: Db, catalog: Catalog, registry: Registry, stack: Stack): Promise<AppSummary[]> {
  const sourceRows = await db.select().from(watchSources);
  const inventory = stackInventory(registry, stack);
  return catalog.apps.map((app) => {
    const standing = appStanding(inventory, registry.apps.get(app.id));
    return {
      id: app.id,
      name: app.name,
      kind: app.kind,
      homepage: app.homepage,
      series: app.series,
      versioning: app.versioning,
      policy: app.policy,
      notes: app.notes ?? null,
      latestRelease: standing.latest,
      latestConfirmed: standing.confirmed,
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
