// Everything the pages and feeds read, through the same functions as the JSON API: the app
// summaries of GET /api/v1/apps, the release list of GET /api/v1/apps/{app}/releases, and the
// server's in-memory registry behind /check and /matrix (standings, stack events and grids are
// matrix/ functions over it), each on the stack asked for.
import { inArray } from 'drizzle-orm';
import type { Registry } from '../../matrix/registry.ts';
import type { Catalog, CatalogApp } from '../../scrapers/catalog.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { runs } from '../db/schema.ts';
import type { RegistryHolder } from '../registry/holder.ts';
import { listAppSummaries, type AppSummary } from '../repositories/app-summaries.ts';
import type { Release, Stack } from '../../matrix/contract.ts';
import { listReleases } from '../../matrix/release-list.ts';
import { createPublicStateReader, type ReadPublicState } from './public-state.ts';

export interface RunDetail {
  /** Null when the tester wrote none. */
  notes: string | null;
  /** Null when the tester gave none; not necessarily http(s). */
  evidenceUrl: string | null;
}

export interface PublicData {
  catalog: Catalog;
  state: ReadPublicState;
  summaries(registry: Registry, stack: Stack): Promise<AppSummary[]>;
  releases(registry: Registry, app: CatalogApp, options: { stack: Stack; includePrereleases: boolean; limit: number }): { releases: Release[]; more: boolean };
  /** Notes and evidence of runs (the index keeps only what the rule reads). */
  runDetails(ids: number[]): Promise<Map<number, RunDetail>>;
}

export interface PublicDataDeps {
  db: Db;
  catalog: Catalog;
  clock: Clock;
  holder: RegistryHolder;
}

export function createPublicData({ db, catalog, clock, holder }: PublicDataDeps): PublicData {
  return {
    catalog,
    state: createPublicStateReader(holder, clock),
    summaries: (registry, stack) => listAppSummaries(db, catalog, registry, stack),
    releases(registry, app, options) {
      const page = listReleases(registry, registry.apps.get(app.id)!, { stack: options.stack, includePrereleases: options.includePrereleases, limit: options.limit, before: null });
      return { releases: page.releases, more: page.nextBefore !== null };
    },
    async runDetails(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db.select({ id: runs.id, notes: runs.notes, evidenceUrl: runs.evidenceUrl }).from(runs).where(inArray(runs.id, ids));
      return new Map(rows.map((row) => [row.id, { notes: row.notes, evidenceUrl: row.evidenceUrl }]));
    },
  };
}
