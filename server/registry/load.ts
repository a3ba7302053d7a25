// Reads what the in-memory registry holds from the database: everything at start, one row after a
// local write. The rows become the index's data here and nowhere else.
import { inArray } from 'drizzle-orm';
import { addResolvedRun, createRegistry, finishLoading, type Registry, type ReleaseEntry, type ResolvedComponents } from '../../matrix/registry.ts';
import type { AppInfo, ConstraintInfo, ReleaseInfo, RunInfo, Verdict } from '../../matrix/types.ts';
import { parseVersion } from '../../matrix/versions.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import { constraints, releases, runComponents, runs } from '../db/schema.ts';
import { catalogueSupport } from '../repositories/support.ts';

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

/** A release row a write just stored, as the index holds it (the write then publishes it: server/changes.ts). */
export function writtenRelease(row: ReleaseRow, catalog: Catalog): ReleaseInfo {
  const info = toReleaseInfo(row, new Map(appInfos(catalog).map((app) => [app.id, app])));
  if (!info) throw new Error(`stored release ${row.appId} ${row.version} cannot be read back`);
  return info;
}

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

export interface LoadedRegistry {
  registry: Registry;
  /** registry_state.change_seq the index reflects. */
  changeSeq: number;
}

// Runs per query of the bulk load: bounds the rows held at once, whatever the registry's size.
const runsPerChunk = 100_000;

/**
 * Everything, read in one snapshot together with the change counter it belongs to, straight into
 * the index. Runs come as their index entries (runs.index_entry) joined into one string per chunk
 * of ids: a million runs cost neither ten million component rows, nor a million row objects, nor
 * the drivers' date parsing.
 */
export async function loadRegistry(database: Database, catalog: Catalog, chunk = runsPerChunk): Promise<LoadedRegistry> {
  return database.readSnapshot(async (query) => {
    const [state] = await query('select change_seq from registry_state where id = 1');
    const changeSeq = Number(state?.[0] ?? 0);
    const apps = appInfos(catalog);
    const byAppId = new Map(apps.map((app) => [app.id, app]));
    const releaseRows = await query(`select id, app_id, version, prerelease, withdrawn, withdrawn_reason, ${epoch('withdrawn_at')}, ${epoch('published_at')},
      insecure, security, tag, url, ${epoch('first_seen_at')} from releases`);
    const releaseIds: number[] = [];
    const releaseInfos: ReleaseInfo[] = [];
    for (const [id, appId, version, prerelease, withdrawn, withdrawnReason, withdrawnAt, publishedAt, insecure, security, tag, url, firstSeenAt] of releaseRows) {
      const info = toReleaseInfo({
        appId: appId as string, version: version as string, prerelease: prerelease as boolean, withdrawn: withdrawn as boolean,
        withdrawnReason: withdrawnReason as string | null, withdrawnAt: dateOf(withdrawnAt), publishedAt: dateOf(publishedAt),
        insecure: insecure as boolean, security: security as boolean, tag: tag as string | null, url: url as string | null, firstSeenAt: dateOf(firstSeenAt)!,
      }, byAppId);
      if (!info) continue;
      releaseIds.push(Number(id));
      releaseInfos.push(info);
    }
    const constraintRows = await query(`select id, app_id, range, requires_app_id, requires_range, reason, ${epoch('created_at')} from constraints`);
    const stackRows = await query('select id, name, components from stacks order by position, id');
    const supportRows = await query(`select app_id, series, origin, released_at::text, active_support_end::text, security_support_end::text, lts, source, note
      from series_support order by app_id, series, origin`);
    const registry = createRegistry({
      apps,
      releases: releaseInfos,
      runs: [],
      constraints: constraintRows.map(([id, appId, range, requiresAppId, requiresRange, reason, createdAt]) => ({
        id: Number(id), appId: appId as string, range: range as string, requiresAppId: requiresAppId as string,
        requiresRange: requiresRange as string, reason: reason as string, createdAt: dateOf(createdAt)!,
      })),
      stacks: stackRows.map(([id, name, components]) => ({ id: id as string, name: name as string, components: jsonOf(components) })),
      support: [...catalogueSupport(catalog), ...supportRows.map(([app, series, origin, releasedAt, activeSupportEnd, securitySupportEnd, lts, source, note]) => ({
        app: app as string, series: series as string, origin: origin as 'upstream' | 'admin', releasedAt: releasedAt as string | null,
        activeSupportEnd: activeSupportEnd as string | null, securitySupportEnd: securitySupportEnd as string | null, lts: lts as boolean | null,
        source: source as string, note: note as string | null,
      }))],
    });
    // Release ids of the database → entries of the index (none for an app since removed from the catalogue).
    const byReleaseId: Array<ReleaseEntry | undefined> = [];
    for (const [i, id] of releaseIds.entries()) byReleaseId[id] = registry.apps.get(releaseInfos[i]!.appId)!.byVersion.get(releaseInfos[i]!.version);
    const [bounds] = await query('select coalesce(min(id), 0), coalesce(max(id), -1) from runs');
    const reader = createEntryReader(registry, byReleaseId);
    for (let from = Number(bounds![0]); from <= Number(bounds![1]); from += chunk) {
      // One row per chunk: the embedded database spends most of a query on each row it hands over.
      const [[text]] = await query(`select string_agg(id::text || ' ' || index_entry, ',') from runs where id >= $1 and id < $2`, [from, from + chunk]) as [[string | null]];
      if (text) reader(text);
    }
    finishLoading(registry);
    return { registry, changeSeq };
  });
}

/**
 * Reads `<id> <1 if failed> <tested_at ms> <release_id>[!] …,…` (runs.id and runs.index_entry,
 * one run after another) into the index, character by character: a million runs would otherwise
 * be ten million small strings.
 */
function createEntryReader(registry: Registry, byReleaseId: Array<ReleaseEntry | undefined>): (text: string) => void {
  const components: ResolvedComponents = { releases: [], blamed: [] };
  const named: boolean[] = [];
  return (text) => {
    let at = 0;
    // A decimal number (sign and fraction allowed: times written by the migration are float8 text).
    const number = (): number => {
      const negative = text.charCodeAt(at) === 45;
      if (negative) at++;
      let value = 0;
      let code = text.charCodeAt(at);
      while (code >= 48 && code <= 57) {
        value = value * 10 + (code - 48);
        code = text.charCodeAt(++at);
      }
      if (code === 46) {
        let scale = 0.1;
        code = text.charCodeAt(++at);
        while (code >= 48 && code <= 57) {
          value += (code - 48) * scale;
          scale /= 10;
          code = text.charCodeAt(++at);
        }
      }
      return negative ? -value : value;
    };
    while (at < text.length) {
      const id = number();
      at++;
      const verdict: Verdict = number() === 1 ? 'fail' : 'pass';
      at++;
      const testedAt = number();
      components.releases.length = 0;
      named.length = 0;
      let anyNamed = false;
      let unknown = false;
      let unknownNamed = false;
      while (at < text.length && text.charCodeAt(at) === 32) {
        at++;
        const release = byReleaseId[number()];
        const failed = text.charCodeAt(at) === 33;
        if (failed) at++;
        anyNamed ||= failed;
        if (release) {
          components.releases.push(release);
          named.push(failed);
        } else {
          unknown = true;
          unknownNamed ||= failed;
        }
      }
      at++;
      // Catalogue order, as runs added one by one have them (entries are written in that order).
      sortByApp(components.releases, named);
      components.blamed = named.map((failed) => verdict === 'fail' && (anyNamed ? failed : true));
      addResolvedRun(registry, id, verdict, testedAt, components, verdict === 'fail' && (anyNamed ? unknownNamed : unknown));
    }
  };
}

function sortByApp(releases: ReleaseEntry[], flags: boolean[]): void {
  for (let i = 1; i < releases.length; i++) {
    for (let j = i; j > 0 && releases[j - 1]!.appIndex > releases[j]!.appIndex; j--) {
      [releases[j - 1], releases[j]] = [releases[j]!, releases[j - 1]!];
      [flags[j - 1], flags[j]] = [flags[j]!, flags[j - 1]!];
    }
  }
}

/** A timestamptz column as epoch milliseconds (exact for any year, null stays null). */
function epoch(column: string): string {
  return `(extract(epoch from ${column}) * 1000)::float8`;
}

function dateOf(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(Number(value));
}

function jsonOf(value: unknown): Record<string, string> {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, string>;
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
