// Runs: one tested configuration and its verdict. Every component must name a release the
// registry knows; runs are stored whole or not at all, a batch all or none.
import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Run } from '../../matrix/contract.ts';
import type { RunInfo } from '../../matrix/types.ts';
import { readVersion } from '../../matrix/read-version.ts';
import { formatVersion } from '../../matrix/versions.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import { bumpChangeSeq } from '../db/change-seq.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { maxSerialId, releases, runComponents, runs } from '../db/schema.ts';
import { notFound, unprocessable } from '../errors.ts';
import { recordAudit } from './audit.ts';

export interface NewRun {
  /** app → version, loosely written (`8.2.33-1+deb12u1` is PHP 8.2.33). */
  components: Record<string, string>;
  verdict: 'pass' | 'fail';
  /** For a failure: the components the tester saw fail. */
  failed?: string[] | undefined;
  testedAt: Date;
  notes?: string | undefined;
  evidenceUrl?: string | undefined;
}

export interface Problem {
  path: string;
  message: string;
}

/** A readable version of a catalogue app that the registry has no release for. */
export interface UnknownRelease {
  appId: string;
  version: string;
  path: string;
}

interface ResolvedRun {
  input: NewRun;
  /** app → canonical version, with the release's id. */
  components: Array<{ appId: string; version: string; releaseId: number; failed: boolean }>;
}

export type RunsResolution =
  | { ok: true; runs: ResolvedRun[] }
  | { ok: false; problems: Problem[]; unknown: UnknownRelease[] };

// Pairs per lookup: far below PostgreSQL's 65535 bind parameters (two per pair).
const pairsPerQuery = 1000;

/**
 * Reads each run's components through their apps' schemes and looks the releases up. `prefix` is
 * where the runs sit in the request body (`body`, or `body.0`… for a batch), for the problems' paths.
 */
export async function resolveRuns(db: DbOrTx, catalog: Catalog, inputs: NewRun[], prefix: (index: number) => string): Promise<RunsResolution> {
  const problems: Problem[] = [];
  const wanted: Array<Array<{ appId: string; version: string }>> = [];
  for (const [index, input] of inputs.entries()) {
    const at = prefix(index);
    const components: Array<{ appId: string; version: string }> = [];
    for (const [appId, raw] of Object.entries(input.components)) {
      const app = catalog.apps.find((a) => a.id === appId);
      if (!app) {
        problems.push({ path: `${at}.components.${appId}`, message: `unknown app "${appId}"` });
        continue;
      }
      const parsed = readVersion(raw, app.versioning);
      if (!parsed) {
        problems.push({ path: `${at}.components.${appId}`, message: `"${raw}" is not a ${app.name} version` });
        continue;
      }
      components.push({ appId, version: formatVersion(parsed, app.versioning) });
    }
    problems.push(...blameProblems(input, at));
    wanted.push(components);
  }
  const ids = await releaseIds(db, wanted.flat());
  const unknown: UnknownRelease[] = [];
  for (const [index, components] of wanted.entries()) {
    for (const { appId, version } of components) {
      if (!ids.has(`${appId}@${version}`)) unknown.push({ appId, version, path: `${prefix(index)}.components.${appId}` });
    }
  }
  if (problems.length > 0 || unknown.length > 0) return { ok: false, problems, unknown };
  return {
    ok: true,
    runs: inputs.map((input, index) => ({
      input,
      components: wanted[index]!.map(({ appId, version }) => ({ appId, version, releaseId: ids.get(`${appId}@${version}`)!, failed: input.failed?.includes(appId) ?? false })),
    })),
  };
}

/** Clause 1c: `failed` names only the run's own components, and only on a failure. */
function blameProblems(input: NewRun, at: string): Problem[] {
  if (input.failed === undefined) return [];
  if (input.verdict !== 'fail') return [{ path: `${at}.failed`, message: 'only a failing run names what failed' }];
  const problems: Problem[] = [];
  for (const [i, appId] of input.failed.entries()) {
    if (!Object.hasOwn(input.components, appId)) problems.push({ path: `${at}.failed.${i}`, message: `"${appId}" is not one of the run's components` });
  }
  return problems;
}

async function releaseIds(db: DbOrTx, pairs: Array<{ appId: string; version: string }>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const unique = [...new Map(pairs.map((p) => [`${p.appId}@${p.version}`, p])).values()];
  for (let start = 0; start < unique.length; start += pairsPerQuery) {
    const chunk = unique.slice(start, start + pairsPerQuery);
    const rows = await db
      .select({ id: releases.id, appId: releases.appId, version: releases.version })
      .from(releases)
      .where(or(...chunk.map((w) => and(eq(releases.appId, w.appId), eq(releases.version, w.version)))));
    for (const row of rows) ids.set(`${row.appId}@${row.version}`, row.id);
  }
  return ids;
}

/** The 422 for problems and unknown releases; `unknownHint` says what was done about the latter. */
export function runsRefused(problems: Problem[], unknown: UnknownRelease[], unknownHint: (release: UnknownRelease) => string): Error {
  const all = [...problems, ...unknown.map((release) => ({ path: release.path, message: unknownHint(release) }))];
  const names = all.map((p) => `${p.path}: ${p.message}`);
  const shown = names.slice(0, 5).join('; ');
  const more = names.length > 5 ? ` (and ${names.length - 5} more)` : '';
  return unprocessable(`nothing was stored: ${shown}${more}`, all);
}

/** Stores resolved runs in one transaction (all or none). */
export async function storeRuns(db: Db, resolved: ResolvedRun[], actor: string): Promise<Run[]> {
  return db.transaction(async (tx) => {
    const changeSeq = await bumpChangeSeq(tx);
    const stored: Run[] = [];
    for (const { input, components } of resolved) {
      const [row] = await tx
        .insert(runs)
        .values({
          changeSeq, verdict: input.verdict, testedAt: input.testedAt, notes: input.notes ?? null, evidenceUrl: input.evidenceUrl ?? null, recordedBy: actor,
          indexEntry: runIndexEntry(input.verdict, input.testedAt, components),
        })
        .returning();
      await tx.insert(runComponents).values(components.map((c) => ({ runId: row!.id, appId: c.appId, version: c.version, releaseId: c.releaseId, failed: c.failed })));
      const run = toRun(row!, components);
      await recordAudit(tx, { actor, action: 'run.create', subject: `run:${run.id}`, details: { components: run.components, verdict: run.verdict, failed: run.failed, testedAt: run.testedAt } });
      stored.push(run);
    }
    return stored;
  });
}

/** runs.index_entry (see server/db/schema.ts): what the index's bulk load reads of a run. */
export function runIndexEntry(verdict: 'pass' | 'fail', testedAt: Date, components: Array<{ releaseId: number; failed: boolean }>): string {
  return [verdict === 'fail' ? '1' : '0', String(testedAt.getTime()), ...components.map((c) => `${c.releaseId}${c.failed ? '!' : ''}`)].join(' ');
}

/** A stored run as the index holds it (the write then publishes it: server/changes.ts). */
export function writtenRun(run: Run): RunInfo {
  return { id: run.id, verdict: run.verdict, testedAt: new Date(run.testedAt), components: run.components, failed: run.failed };
}

/** A run row and its component rows as the API shows them: the one place the record is built. */
export function toRun(row: typeof runs.$inferSelect, components: Array<{ appId: string; version: string; failed: boolean }>): Run {
  const failed = components.filter((c) => c.failed).map((c) => c.appId);
  return {
    id: row.id,
    verdict: row.verdict,
    testedAt: row.testedAt.toISOString(),
    components: Object.fromEntries(components.map((c) => [c.appId, c.version])),
    failed: failed.length > 0 ? failed : null,
    notes: row.notes,
    evidenceUrl: row.evidenceUrl,
    recordedBy: row.recordedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Runs by row, with their components, in the rows' order. */
export async function withComponents(db: Db, rows: Array<typeof runs.$inferSelect>): Promise<Run[]> {
  if (rows.length === 0) return [];
  const componentRows = await db
    .select({ runId: runComponents.runId, appId: runComponents.appId, version: runComponents.version, failed: runComponents.failed })
    .from(runComponents)
    .where(inArray(runComponents.runId, rows.map((row) => row.id)));
  const byRun = new Map<number, typeof componentRows>();
  for (const component of componentRows) {
    const list = byRun.get(component.runId) ?? [];
    list.push(component);
    byRun.set(component.runId, list);
  }
  return rows.map((row) => toRun(row, byRun.get(row.id) ?? []));
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
export function formatRunCursor(run: Run): string {
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
export async function listRuns(db: Db, filter: RunFilter): Promise<{ runs: Run[]; nextBefore: string | null }> {
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
  const page = await withComponents(db, rows.slice(0, filter.limit));
  return { runs: page, nextBefore: rows.length > filter.limit ? formatRunCursor(page.at(-1)!) : null };
}

export async function getRun(db: Db, id: number): Promise<Run> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  if (!row) throw notFound(`there is no run ${id}`);
  return (await withComponents(db, [row]))[0]!;
}

/** Runs that included a release, newest first. */
export async function runsOfRelease(db: Db, releaseId: number): Promise<Run[]> {
  const rows = await db
    .select({ run: runs })
    .from(runComponents)
    .innerJoin(runs, eq(runs.id, runComponents.runId))
    .where(eq(runComponents.releaseId, releaseId))
    .orderBy(desc(runs.testedAt), desc(runs.id));
  return withComponents(db, rows.map(({ run }) => run));
}

/** Resolves and stores runs, refusing (422) anything unknown: for callers that cannot poll upstream (the bench, seeds). */
export async function addRuns(db: Db, catalog: Catalog, inputs: NewRun[], actor: string): Promise<Run[]> {
  const resolution = await resolveRuns(db, catalog, inputs, (index) => (inputs.length === 1 ? 'body' : `body.${index}`));
  if (!resolution.ok) throw runsRefused(resolution.problems, resolution.unknown, (release) => `${release.appId} ${release.version} is not a known release`);
  return storeRuns(db, resolution.runs, actor);
}
