// Runs: one tested configuration and its verdict. Every component must name a release the
// registry knows; a run is stored whole or not at all.
import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import { formatVersion, parseVersion } from '../../matrix/versions.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import { bumpChangeSeq } from '../db/change-seq.ts';
import type { Db } from '../db/database.ts';
import { maxSerialId, releases, runComponents, runs } from '../db/schema.ts';
import { notFound, unprocessable } from '../errors.ts';
import { recordAudit } from './audit.ts';
import type { RunSummary } from './releases.ts';

export type RunView = RunSummary & { createdAt: string };

export interface NewRun {
  /** app → version, loosely written. */
  components: Record<string, string>;
  verdict: 'pass' | 'fail';
  testedAt: Date;
  notes?: string | undefined;
  evidenceUrl?: string | undefined;
}

interface Problem {
  path: string;
  message: string;
}

/** Records a run; 422 naming every unknown app and every version the registry does not know. */
export async function addRun(db: Db, catalog: Catalog, input: NewRun, actor: string): Promise<RunView> {
  const problems: Problem[] = [];
  const wanted: Array<{ appId: string; version: string }> = [];
  for (const [appId, raw] of Object.entries(input.components)) {
    const app = catalog.apps.find((a) => a.id === appId);
    if (!app) {
      problems.push({ path: `body.components.${appId}`, message: `unknown app "${appId}"` });
      continue;
    }
    const parsed = parseVersion(raw, app.versioning);
    if (!parsed) {
      problems.push({ path: `body.components.${appId}`, message: `"${raw}" is not a ${app.name} version` });
      continue;
    }
    wanted.push({ appId, version: formatVersion(parsed, app.versioning) });
  }
  const found = wanted.length === 0 ? [] : await db
    .select({ id: releases.id, appId: releases.appId, version: releases.version })
    .from(releases)
    .where(or(...wanted.map((w) => and(eq(releases.appId, w.appId), eq(releases.version, w.version)))));
  const releaseIds = new Map(found.map((row) => [`${row.appId}@${row.version}`, row.id]));
  for (const { appId, version } of wanted) {
    if (!releaseIds.has(`${appId}@${version}`)) {
      problems.push({ path: `body.components.${appId}`, message: `${appId} ${version} is not a known release; add it first (POST /api/v1/apps/${appId}/releases)` });
    }
  }
  if (problems.length > 0) {
    const names = problems.map((p) => p.message).join('; ');
    throw unprocessable(`the run names what the registry does not know: ${names}`, problems);
  }
  // Releases are never deleted, so the ids read above are still valid inside the transaction.
  const row = await db.transaction(async (tx) => {
    const changeSeq = await bumpChangeSeq(tx);
    const [inserted] = await tx
      .insert(runs)
      .values({ changeSeq, verdict: input.verdict, testedAt: input.testedAt, notes: input.notes ?? null, evidenceUrl: input.evidenceUrl ?? null, recordedBy: actor })
      .returning();
    await tx.insert(runComponents).values(wanted.map(({ appId, version }) => ({ runId: inserted!.id, appId, version, releaseId: releaseIds.get(`${appId}@${version}`)! })));
    const components = Object.fromEntries(wanted.map(({ appId, version }) => [appId, version]));
    await recordAudit(tx, { actor, action: 'run.create', subject: `run:${inserted!.id}`, details: { components, verdict: input.verdict, testedAt: input.testedAt.toISOString() } });
    return inserted!;
  });
  return toView(row, Object.fromEntries(wanted.map(({ appId, version }) => [appId, version])));
}

function toView(row: typeof runs.$inferSelect, components: Record<string, string>): RunView {
  return {
    id: row.id,
    verdict: row.verdict,
    testedAt: row.testedAt.toISOString(),
    components,
    notes: row.notes,
    evidenceUrl: row.evidenceUrl,
    recordedBy: row.recordedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface RunFilter {
  appId?: string | undefined;
  /** Canonical version; only with appId. */
  version?: string | undefined;
  verdict?: 'pass' | 'fail' | undefined;
  limit: number;
  /** Cursor: only runs after this one in newest-first order. */
  before?: RunCursor | undefined;
}

export interface RunCursor {
  testedAt: Date;
  id: number;
}

/** `<ISO time>_<id>` of a run: where the next page starts. */
export function formatRunCursor(run: RunView): string {
  return `${run.testedAt}_${run.id}`;
}

/** The cursor formatRunCursor wrote, exactly; anything else (a date or id out of range) is null. */
export function parseRunCursor(text: string): RunCursor | null {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)_(\d{1,10})$/.exec(text);
  if (!match) return null;
  const testedAt = new Date(match[1]!);
  const id = Number(match[2]);
  if (Number.isNaN(testedAt.getTime()) || id > maxSerialId) return null;
  return { testedAt, id };
}

/** Runs newest first (tested later, then recorded later), one page. */
export async function listRuns(db: Db, filter: RunFilter): Promise<{ runs: RunView[]; nextBefore: string | null }> {
  const conditions: SQL[] = [];
  if (filter.verdict) conditions.push(eq(runs.verdict, filter.verdict));
  if (filter.appId) {
    const matching = db
      .select({ runId: runComponents.runId })
      .from(runComponents)
      .where(filter.version === undefined ? eq(runComponents.appId, filter.appId) : and(eq(runComponents.appId, filter.appId), eq(runComponents.version, filter.version)));
    conditions.push(inArray(runs.id, matching));
  }
  if (filter.before) {
    const { testedAt, id } = filter.before;
    conditions.push(or(lt(runs.testedAt, testedAt), and(eq(runs.testedAt, testedAt), lt(runs.id, id)))!);
  }
  const rows = await db
    .select()
    .from(runs)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(runs.testedAt), desc(runs.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const components = await componentsOf(db, page.map((row) => row.id));
  const views = page.map((row) => toView(row, components.get(row.id) ?? {}));
  return { runs: views, nextBefore: rows.length > filter.limit ? formatRunCursor(views.at(-1)!) : null };
}

async function componentsOf(db: Db, runIds: number[]): Promise<Map<number, Record<string, string>>> {
  const byRun = new Map<number, Record<string, string>>();
  if (runIds.length === 0) return byRun;
  const rows = await db.select({ runId: runComponents.runId, appId: runComponents.appId, version: runComponents.version }).from(runComponents).where(inArray(runComponents.runId, runIds));
  for (const row of rows) {
    const entry = byRun.get(row.runId) ?? {};
    entry[row.appId] = row.version;
    byRun.set(row.runId, entry);
  }
  return byRun;
}

export async function getRun(db: Db, id: number): Promise<RunView> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  if (!row) throw notFound(`there is no run ${id}`);
  const components = await componentsOf(db, [id]);
  return toView(row, components.get(id) ?? {});
}
