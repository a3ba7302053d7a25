import { and, desc, eq, inArray } from 'drizzle-orm';
import { compareParsed, formatVersion, parseVersion, type ParsedVersion } from '../../matrix/versions.ts';
import type { CatalogApp } from '../../scrapers/catalog.ts';
import type { Db } from '../db/database.ts';
import { bumpChangeSeq } from '../db/change-seq.ts';
import { releases, runComponents, runs } from '../db/schema.ts';
import { conflict, notFound, unprocessable } from '../errors.ts';
import { recordAudit } from './audit.ts';

/** Verdict of a release on its own: the latest run that included it, or withdrawn. */
export type ReleaseStatus = 'safe' | 'broken' | 'untested' | 'withdrawn';

export interface ReleaseView {
  version: string;
  /** Null when entered by hand without a tag. */
  tag: string | null;
  /** Null when upstream did not say. */
  publishedAt: string | null;
  prerelease: boolean;
  url: string | null;
  security: boolean;
  /** Upstream lists this version as having known vulnerabilities. */
  insecure: boolean;
  status: ReleaseStatus;
  firstSeenAt: string;
  withdrawn: boolean;
  /** Null unless withdrawn. */
  withdrawnReason: string | null;
}

export interface RunSummary {
  id: number;
  verdict: 'pass' | 'fail';
  testedAt: string;
  components: Record<string, string>;
  notes: string | null;
  evidenceUrl: string | null;
  recordedBy: string;
}

type ReleaseRow = typeof releases.$inferSelect;

/** Reads a loosely written version in the app's scheme; 422 when it is not one. */
export function normalizeAppVersion(app: CatalogApp, raw: string): string {
  const parsed = parseVersion(raw, app.versioning);
  if (!parsed) throw unprocessable(`"${raw}" is not a ${app.name} version`, [{ path: 'version', message: `not a version in the ${app.versioning} scheme` }]);
  return formatVersion(parsed, app.versioning);
}

async function latestVerdicts(db: Db, releaseIds: number[]): Promise<Map<number, 'pass' | 'fail'>> {
  if (releaseIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([runComponents.releaseId], { releaseId: runComponents.releaseId, verdict: runs.verdict })
    .from(runComponents)
    .innerJoin(runs, eq(runs.id, runComponents.runId))
    .where(inArray(runComponents.releaseId, releaseIds))
    .orderBy(runComponents.releaseId, desc(runs.testedAt), desc(runs.id));
  return new Map(rows.map((row) => [row.releaseId, row.verdict]));
}

function toView(row: ReleaseRow, verdict: 'pass' | 'fail' | undefined): ReleaseView {
  const status: ReleaseStatus = row.withdrawn ? 'withdrawn' : verdict === 'pass' ? 'safe' : verdict === 'fail' ? 'broken' : 'untested';
  return {
    version: row.version,
    tag: row.tag,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    prerelease: row.prerelease,
    url: row.url,
    security: row.security,
    insecure: row.insecure,
    status,
    firstSeenAt: row.firstSeenAt.toISOString(),
    withdrawn: row.withdrawn,
    withdrawnReason: row.withdrawnReason,
  };
}

export interface ListReleasesOptions {
  includePrereleases: boolean;
  limit: number;
  /** Only versions older than this one (the cursor of the previous page). */
  before: string | null;
}

/** Releases newest first (by the app's version scheme), one page. */
export async function listReleases(db: Db, app: CatalogApp, options: ListReleasesOptions): Promise<{ releases: ReleaseView[]; nextBefore: string | null }> {
  const rows = await db.select().from(releases).where(eq(releases.appId, app.id));
  // Each version parsed once, not once per comparison.
  const before = options.before === null ? null : parseVersion(options.before, app.versioning);
  const readable: Array<{ row: ReleaseRow; parsed: ParsedVersion }> = [];
  for (const row of rows) {
    if (!options.includePrereleases && row.prerelease) continue;
    // A version this reader refuses (stored by an older vetted, e.g. `1.0.0-rc.1e+21`) has no place
    // in the order; the in-memory index leaves it out too (server/registry/load.ts).
    const parsed = parseVersion(row.version, app.versioning);
    if (parsed && (before === null || compareParsed(parsed, before) < 0)) readable.push({ row, parsed });
  }
  const sorted = readable.sort((a, b) => compareParsed(b.parsed, a.parsed)).map(({ row }) => row);
  const page = sorted.slice(0, options.limit);
  const verdicts = await latestVerdicts(db, page.map((row) => row.id));
  const hasMore = sorted.length > page.length;
  return { releases: page.map((row) => toView(row, verdicts.get(row.id))), nextBefore: hasMore ? page.at(-1)!.version : null };
}

async function findRow(db: Db, appId: string, version: string): Promise<ReleaseRow | undefined> {
  const [row] = await db.select().from(releases).where(and(eq(releases.appId, appId), eq(releases.version, version))).limit(1);
  return row;
}

/** One release with every run that included it, newest first. */
export async function getRelease(db: Db, app: CatalogApp, rawVersion: string): Promise<ReleaseView & { runs: RunSummary[] }> {
  const version = normalizeAppVersion(app, rawVersion);
  const row = await findRow(db, app.id, version);
  if (!row) throw notFound(`${app.name} ${version} is not a known release`);
  const runRows = await db
    .select({ run: runs })
    .from(runComponents)
    .innerJoin(runs, eq(runs.id, runComponents.runId))
    .where(eq(runComponents.releaseId, row.id))
    .orderBy(desc(runs.testedAt), desc(runs.id));
  const runIds = runRows.map(({ run }) => run.id);
  const components = runIds.length === 0 ? [] : await db.select().from(runComponents).where(inArray(runComponents.runId, runIds));
  const byRun = new Map<number, Record<string, string>>();
  for (const component of components) {
    const entry = byRun.get(component.runId) ?? {};
    entry[component.appId] = component.version;
    byRun.set(component.runId, entry);
  }
  const latest = runRows[0]?.run.verdict;
  return {
    ...toView(row, latest),
    runs: runRows.map(({ run }) => ({
      id: run.id,
      verdict: run.verdict,
      testedAt: run.testedAt.toISOString(),
      components: byRun.get(run.id) ?? {},
      notes: run.notes,
      evidenceUrl: run.evidenceUrl,
      recordedBy: run.recordedBy,
    })),
  };
}

export interface NewRelease {
  version: string;
  tag?: string | undefined;
  publishedAt?: Date | undefined;
  prerelease?: boolean | undefined;
  url?: string | undefined;
  security?: boolean | undefined;
  insecure?: boolean | undefined;
}

/** Adds a release by hand; 409 when the app already has that version. */
export async function addRelease(db: Db, app: CatalogApp, input: NewRelease, actor: string): Promise<ReleaseView> {
  const parsed = parseVersion(input.version, app.versioning);
  if (!parsed) throw unprocessable(`"${input.version}" is not a ${app.name} version`, [{ path: 'body.version', message: `not a version in the ${app.versioning} scheme` }]);
  const version = formatVersion(parsed, app.versioning);
  const row = await db.transaction(async (tx) => {
    const changeSeq = await bumpChangeSeq(tx);
    const [inserted] = await tx
      .insert(releases)
      .values({
        changeSeq,
        appId: app.id,
        version,
        tag: input.tag ?? null,
        publishedAt: input.publishedAt ?? null,
        prerelease: input.prerelease ?? parsed.pre !== null,
        url: input.url ?? null,
        security: input.security ?? false,
        insecure: input.insecure ?? false,
        origin: 'manual',
      })
      .onConflictDoNothing({ target: [releases.appId, releases.version] })
      .returning();
    // Thrown inside, so the transaction and its bump roll back.
    if (!inserted) throw conflict(`${app.name} ${version} is already registered`, { app: app.id, version });
    await recordAudit(tx, { actor, action: 'release.create', subject: `release:${app.id}@${version}`, details: { ...input, version } });
    return inserted;
  });
  return toView(row, undefined);
}

/** Withdraws a release (or reinstates it). */
export async function setWithdrawn(db: Db, app: CatalogApp, rawVersion: string, change: { withdrawn: boolean; reason: string | null }, actor: string): Promise<ReleaseView> {
  const version = normalizeAppVersion(app, rawVersion);
  const row = await db.transaction(async (tx) => {
    const changeSeq = await bumpChangeSeq(tx);
    const [updated] = await tx
      .update(releases)
      .set({ changeSeq, withdrawn: change.withdrawn, withdrawnReason: change.withdrawn ? change.reason : null, withdrawnAt: change.withdrawn ? new Date() : null })
      .where(and(eq(releases.appId, app.id), eq(releases.version, version)))
      .returning();
    if (!updated) throw notFound(`${app.name} ${version} is not a known release`);
    await recordAudit(tx, { actor, action: change.withdrawn ? 'release.withdraw' : 'release.reinstate', subject: `release:${app.id}@${version}`, details: change });
    return updated;
  });
  const verdicts = await latestVerdicts(db, [row.id]);
  return toView(row, verdicts.get(row.id));
}
