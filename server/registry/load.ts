// Reads what the in-memory registry holds from the database: everything at start, one row after a
// local write. The rows become matrix/'s plain data here and nowhere else.
import { asc, gt, inArray, sql } from 'drizzle-orm';
import type { RegistryData } from '../../matrix/registry.ts';
import type { AppInfo, ConstraintInfo, ReleaseInfo, RunInfo } from '../../matrix/types.ts';
import { parseVersion } from '../../matrix/versions.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import type { DbOrTx } from '../db/database.ts';
import { readChangeSeq } from '../db/change-seq.ts';
import { constraints, releases, runComponents, runs } from '../db/schema.ts';

type ReleaseRow = Pick<typeof releases.$inferSelect, 'appId' | 'version' | 'prerelease' | 'withdrawn' | 'withdrawnReason' | 'publishedAt' | 'insecure'>;

export function appInfos(catalog: Catalog): AppInfo[] {
  return catalog.apps.map((app) => ({ id: app.id, series: app.series, versioning: app.versioning, policy: app.policy }));
}

export const releaseColumns = {
  appId: releases.appId,
  version: releases.version,
  prerelease: releases.prerelease,
  withdrawn: releases.withdrawn,
  withdrawnReason: releases.withdrawnReason,
  publishedAt: releases.publishedAt,
  insecure: releases.insecure,
};

/** Null for an app no longer in the catalogue or a version its scheme cannot read. */
export function toReleaseInfo(row: ReleaseRow, apps: Map<string, AppInfo>): ReleaseInfo | null {
  const app = apps.get(row.appId);
  const parsed = app && parseVersion(row.version, app.versioning);
  if (!parsed) return null;
  return { appId: row.appId, version: row.version, parsed, prerelease: row.prerelease, withdrawn: row.withdrawn, withdrawnReason: row.withdrawnReason, publishedAt: row.publishedAt, insecure: row.insecure };
}

export function toConstraintInfo(row: typeof constraints.$inferSelect): ConstraintInfo {
  return { id: row.id, appId: row.appId, range: row.range, requiresAppId: row.requiresAppId, requiresRange: row.requiresRange, reason: row.reason };
}

// Rows per query of the whole-registry read, so each query stays far below the PostgreSQL driver's
// 2 s deadline (server/db/database.ts) however large the registry grows: the 180,000 component
// rows of the benchmark registry (test/bench/seed.ts) took 0.5-0.6 s in one query on a busy machine.
const rowsPerQuery = 25_000;

/** Every row, read a page at a time in key order; `readPage` gets the last row read, null first. */
async function readInPages<T>(pageSize: number, readPage: (after: T | null) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  let after: T | null = null;
  for (;;) {
    const page = await readPage(after);
    for (const row of page) all.push(row);
    if (page.length < pageSize) return all;
    after = page.at(-1)!;
  }
}

export interface Snapshot {
  data: RegistryData;
  /** registry_state.change_seq the data reflects. */
  changeSeq: number;
}

/** Everything, read in one snapshot together with the change counter it belongs to. */
export async function loadSnapshot(db: DbOrTx, catalog: Catalog, pageSize = rowsPerQuery): Promise<Snapshot> {
  return db.transaction(async (tx) => {
    const changeSeq = await readChangeSeq(tx);
    const apps = appInfos(catalog);
    const byId = new Map(apps.map((app) => [app.id, app]));
    // One query at a time: a transaction is one connection. Runs and their components in pages
    // (repeatable read keeps the pages one snapshot).
    const releaseRows = await tx.select(releaseColumns).from(releases);
    const runRows = await readInPages(pageSize, (after: { id: number } | null) => tx
      .select({ id: runs.id, verdict: runs.verdict, testedAt: runs.testedAt })
      .from(runs)
      .where(after ? gt(runs.id, after.id) : undefined)
      .orderBy(asc(runs.id))
      .limit(pageSize));
    const componentRows = await readInPages(pageSize, (after: { runId: number; appId: string } | null) => tx
      .select({ runId: runComponents.runId, appId: runComponents.appId, version: runComponents.version })
      .from(runComponents)
      .where(after ? sql`(${runComponents.runId}, ${runComponents.appId}) > (${after.runId}, ${after.appId})` : undefined)
      .orderBy(asc(runComponents.runId), asc(runComponents.appId))
      .limit(pageSize));
    const constraintRows = await tx.select().from(constraints);
    const releaseInfos: ReleaseInfo[] = [];
    for (const row of releaseRows) {
      const info = toReleaseInfo(row, byId);
      if (info) releaseInfos.push(info);
    }
    const runInfos = new Map<number, RunInfo>();
    for (const row of runRows) runInfos.set(row.id, { id: row.id, verdict: row.verdict, testedAt: row.testedAt, components: {} });
    for (const row of componentRows) {
      const run = runInfos.get(row.runId);
      if (run) run.components[row.appId] = row.version;
    }
    return {
      changeSeq,
      data: { apps, releases: releaseInfos, runs: [...runInfos.values()], constraints: constraintRows.map(toConstraintInfo) },
    };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

// Ids per query: far below PostgreSQL's 65535 bind parameters.
const idsPerQuery = 1000;

/** Some runs by id, with their components. */
export async function loadRuns(db: DbOrTx, ids: number[]): Promise<RunInfo[]> {
  const found: RunInfo[] = [];
  for (let start = 0; start < ids.length; start += idsPerQuery) {
    const chunk = ids.slice(start, start + idsPerQuery);
    const runRows = await db.select({ id: runs.id, verdict: runs.verdict, testedAt: runs.testedAt }).from(runs).where(inArray(runs.id, chunk));
    const componentRows = await db.select({ runId: runComponents.runId, appId: runComponents.appId, version: runComponents.version }).from(runComponents).where(inArray(runComponents.runId, chunk));
    const byId = new Map<number, RunInfo>();
    for (const row of runRows) byId.set(row.id, { ...row, components: {} });
    for (const row of componentRows) {
      const run = byId.get(row.runId);
      if (run) run.components[row.appId] = row.version;
    }
    found.push(...byId.values());
  }
  return found;
}
