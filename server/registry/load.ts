// Reads what the in-memory registry holds from the database: everything at start, one row after a
// local write. The rows become matrix/'s plain data here and nowhere else.
import { inArray } from 'drizzle-orm';
import type { RegistryData } from '../../matrix/registry.ts';
import type { AppInfo, ConstraintInfo, ReleaseInfo, RunInfo } from '../../matrix/types.ts';
import { parseVersion } from '../../matrix/versions.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import type { DbOrTx } from '../db/database.ts';
import { readChangeSeq } from '../db/change-seq.ts';
import { constraints, releases, runComponents, runs } from '../db/schema.ts';
import { listStacks } from '../repositories/stacks.ts';

type ReleaseRow = Pick<typeof releases.$inferSelect, 'appId' | 'version' | 'prerelease' | 'withdrawn' | 'withdrawnReason' | 'withdrawnAt' | 'publishedAt' | 'insecure' | 'security' | 'tag' | 'url' | 'firstSeenAt'>;

export function appInfos(catalog: Catalog): AppInfo[] {
  return catalog.apps.map((app) => ({ id: app.id, name: app.name, series: app.series, versioning: app.versioning, policy: app.policy }));
}

export const releaseColumns = {
  appId: releases.appId,
  version: releases.version,
  prerelease: releases.prerelease,
  withdrawn: releases.withdrawn,
  withdrawnReason: releases.withdrawnReason,
  withdrawnAt: releases.withdrawnAt,
  publishedAt: releases.publishedAt,
  insecure: releases.insecure,
  security: releases.security,
  tag: releases.tag,
  url: releases.url,
  firstSeenAt: releases.firstSeenAt,
};

/** Null for an app no longer in the catalogue or a version its scheme cannot read. */
export function toReleaseInfo(row: ReleaseRow, apps: Map<string, AppInfo>): ReleaseInfo | null {
  const app = apps.get(row.appId);
  const parsed = app && parseVersion(row.version, app.versioning);
  if (!parsed) return null;
  return {
    appId: row.appId, version: row.version, parsed, prerelease: row.prerelease, withdrawn: row.withdrawn, withdrawnReason: row.withdrawnReason,
    withdrawnAt: row.withdrawnAt, publishedAt: row.publishedAt, insecure: row.insecure, security: row.security,
    tag: row.tag, url: row.url, firstSeenAt: row.firstSeenAt,
  };
}

export function toConstraintInfo(row: typeof constraints.$inferSelect): ConstraintInfo {
  return { id: row.id, appId: row.appId, range: row.range, requiresAppId: row.requiresAppId, requiresRange: row.requiresRange, reason: row.reason, createdAt: row.createdAt };
}

export interface Snapshot {
  data: RegistryData;
  /** registry_state.change_seq the data reflects. */
  changeSeq: number;
}

/** Everything, read in one snapshot together with the change counter it belongs to. */
export async function loadSnapshot(db: DbOrTx, catalog: Catalog): Promise<Snapshot> {
  return db.transaction(async (tx) => {
    const changeSeq = await readChangeSeq(tx);
    const apps = appInfos(catalog);
    const byId = new Map(apps.map((app) => [app.id, app]));
    // One query at a time: a transaction is one connection.
    const releaseRows = await tx.select(releaseColumns).from(releases);
    const runRows = await tx.select({ id: runs.id, verdict: runs.verdict, testedAt: runs.testedAt }).from(runs);
    const componentRows = await tx.select(componentColumns).from(runComponents);
    const constraintRows = await tx.select().from(constraints);
    const stackList = await listStacks(tx);
    const releaseInfos: ReleaseInfo[] = [];
    for (const row of releaseRows) {
      const info = toReleaseInfo(row, byId);
      if (info) releaseInfos.push(info);
    }
    const runInfos = new Map<number, RunInfo>();
    for (const row of runRows) runInfos.set(row.id, { id: row.id, verdict: row.verdict, testedAt: row.testedAt, components: {}, failed: null });
    for (const row of componentRows) addComponent(runInfos.get(row.runId), row);
    return {
      changeSeq,
      data: { apps, releases: releaseInfos, runs: [...runInfos.values()], constraints: constraintRows.map(toConstraintInfo), stacks: stackList },
    };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

const componentColumns = { runId: runComponents.runId, appId: runComponents.appId, version: runComponents.version, failed: runComponents.failed };

function addComponent(run: RunInfo | undefined, row: { appId: string; version: string; failed: boolean }): void {
  if (!run) return;
  run.components[row.appId] = row.version;
  if (row.failed) (run.failed ??= []).push(row.appId);
}

// Ids per query: far below PostgreSQL's 65535 bind parameters.
const idsPerQuery = 1000;

/** Some runs by id, with their components. */
export async function loadRuns(db: DbOrTx, ids: number[]): Promise<RunInfo[]> {
  const found: RunInfo[] = [];
  for (let start = 0; start < ids.length; start += idsPerQuery) {
    const chunk = ids.slice(start, start + idsPerQuery);
    const runRows = await db.select({ id: runs.id, verdict: runs.verdict, testedAt: runs.testedAt }).from(runs).where(inArray(runs.id, chunk));
    const componentRows = await db.select(componentColumns).from(runComponents).where(inArray(runComponents.runId, chunk));
    const byId = new Map<number, RunInfo>();
    for (const row of runRows) byId.set(row.id, { ...row, components: {}, failed: null });
    for (const row of componentRows) addComponent(byId.get(row.runId), row);
    found.push(...byId.values());
  }
  return found;
}
