// Writes to releases (by hand: add, withdraw, reinstate) and the runs of one release. Lists and
// statuses are read from the index (matrix/release-list.ts), never computed here.
import { and, eq } from 'drizzle-orm';
import type { Run } from '../../matrix/contract.ts';
import { formatVersion, parseVersion } from '../../matrix/versions.ts';
import type { CatalogApp } from '../../scrapers/catalog.ts';
import type { Db } from '../db/database.ts';
import { bumpChangeSeq } from '../db/change-seq.ts';
import { releases } from '../db/schema.ts';
import { conflict, notFound, unprocessable } from '../errors.ts';
import { recordAudit } from './audit.ts';
import { runsOfRelease } from './runs.ts';

/** Reads a loosely written version in the app's scheme; 422 when it is not one. */
export function normalizeAppVersion(app: CatalogApp, raw: string): string {
  const parsed = parseVersion(raw, app.versioning);
  if (!parsed) throw unprocessable(`"${raw}" is not a ${app.name} version`, [{ path: 'version', message: `not a version in the ${app.versioning} scheme` }]);
  return formatVersion(parsed, app.versioning);
}

/** Every run that included a release, newest first; 404 when the registry has no such release. */
export async function releaseRuns(db: Db, app: CatalogApp, version: string): Promise<Run[]> {
  const [row] = await db.select({ id: releases.id }).from(releases).where(and(eq(releases.appId, app.id), eq(releases.version, version))).limit(1);
  if (!row) throw notFound(`${app.name} ${version} is not a known release`);
  return runsOfRelease(db, row.id);
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

type ReleaseRow = typeof releases.$inferSelect;

/** Adds a release by hand; 409 when the app already has that version. Returns the stored row. */
export async function addRelease(db: Db, app: CatalogApp, input: NewRelease, actor: string): Promise<ReleaseRow> {
  const parsed = parseVersion(input.version, app.versioning);
  if (!parsed) throw unprocessable(`"${input.version}" is not a ${app.name} version`, [{ path: 'body.version', message: `not a version in the ${app.versioning} scheme` }]);
  const version = formatVersion(parsed, app.versioning);
  return db.transaction(async (tx) => {
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
}

/** Withdraws a release (or reinstates it) at `now`; returns the stored row. */
export async function setWithdrawn(db: Db, app: CatalogApp, rawVersion: string, change: { withdrawn: boolean; reason: string | null }, actor: string, now: Date): Promise<ReleaseRow> {
  const version = normalizeAppVersion(app, rawVersion);
  return db.transaction(async (tx) => {
    const changeSeq = await bumpChangeSeq(tx);
    const [updated] = await tx
      .update(releases)
      .set({ changeSeq, withdrawn: change.withdrawn, withdrawnReason: change.withdrawn ? change.reason : null, withdrawnAt: change.withdrawn ? now : null })
      .where(and(eq(releases.appId, app.id), eq(releases.version, version)))
      .returning();
    if (!updated) throw notFound(`${app.name} ${version} is not a known release`);
    await recordAudit(tx, { actor, action: change.withdrawn ? 'release.withdraw' : 'release.reinstate', subject: `release:${app.id}@${version}`, details: change });
    return updated;
  });
}
