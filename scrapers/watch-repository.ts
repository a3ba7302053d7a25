// The watch run's queries: small functions over the drizzle db, db first. A watch never deletes a
// stored release; it inserts new ones (on conflict do nothing) and, on stored ones, only turns on a
// flag upstream turned on later or fills a date it did not have.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../server/db/database.ts';
import { httpValidators, releases, watchSources } from '../server/db/schema.ts';
import type { NormalizedRelease } from './normalize.ts';
import type { Validators } from './validator-cache.ts';

/** What a watch may still learn about a stored release. */
export interface StoredFlags {
  security: boolean;
  insecure: boolean;
  hasDate: boolean;
}

export interface KnownReleases {
  versions: Map<string, StoredFlags>;
  /** Tags of stored releases; paging stops at pages holding only these. */
  tags: Set<string>;
}

export async function loadKnownReleases(db: DbOrTx, appId: string): Promise<KnownReleases> {
  const rows = await db
    .select({ version: releases.version, tag: releases.tag, security: releases.security, insecure: releases.insecure, publishedAt: releases.publishedAt })
    .from(releases)
    .where(eq(releases.appId, appId));
  const known: KnownReleases = { versions: new Map(), tags: new Set() };
  for (const row of rows) {
    known.versions.set(row.version, { security: row.security, insecure: row.insecure, hasDate: row.publishedAt !== null });
    if (row.tag) known.tags.add(row.tag);
  }
  return known;
}

/** What upstream now says of a stored release that the stored row does not have yet. */
export interface ReleaseAnnotation {
  version: string;
  /** Set only to turn the flag on. */
  security?: true;
  insecure?: true;
  /** Set only where the stored row has no date. */
  publishedAt?: Date;
}

/** The annotations a merged list brings to stored releases; flags only turn on, dates only fill gaps. */
export function annotationsFor(known: ReadonlyMap<string, StoredFlags>, merged: readonly NormalizedRelease[]): ReleaseAnnotation[] {
  const annotations: ReleaseAnnotation[] = [];
  for (const release of merged) {
    const stored = known.get(release.version);
    if (!stored) continue;
    const annotation: ReleaseAnnotation = { version: release.version };
    if (release.security && !stored.security) annotation.security = true;
    if (release.insecure && !stored.insecure) annotation.insecure = true;
    if (release.publishedAt && !stored.hasDate) annotation.publishedAt = release.publishedAt;
    if (Object.keys(annotation).length > 1) annotations.push(annotation);
  }
  return annotations;
}

/** Applies annotations, stamped with the write's change_seq so every instance's index catches up. */
export async function annotateStoredReleases(tx: DbOrTx, appId: string, annotations: readonly ReleaseAnnotation[], changeSeq: number): Promise<void> {
  for (const { version, ...change } of annotations) {
    await tx.update(releases).set({ ...change, changeSeq }).where(and(eq(releases.appId, appId), eq(releases.version, version)));
  }
}

/** Stored validators; those saved before `freshSince` are left out, so their URLs are read in full. */
export async function loadValidators(db: DbOrTx, freshSince: Date | null = null): Promise<Map<string, Validators>> {
  const rows = await db.select().from(httpValidators);
  return new Map(rows
    .filter((row) => freshSince === null || row.updatedAt.getTime() >= freshSince.getTime())
    .map((row) => [row.url, { etag: row.etag, lastModified: row.lastModified }]));
}

export async function saveValidators(tx: DbOrTx, validators: ReadonlyMap<string, Validators>, now: Date): Promise<void> {
  for (const [url, value] of validators) {
    await tx
      .insert(httpValidators)
      .values({ url, etag: value.etag, lastModified: value.lastModified, updatedAt: now })
      .onConflictDoUpdate({ target: httpValidators.url, set: { etag: value.etag, lastModified: value.lastModified, updatedAt: now } });
  }
}

export type SourceHealth = typeof watchSources.$inferSelect;

export async function loadSourceHealth(db: DbOrTx, appId: string): Promise<Map<string, SourceHealth>> {
  const rows = await db.select().from(watchSources).where(eq(watchSources.appId, appId));
  return new Map(rows.map((row) => [row.sourceKey, row]));
}

export interface NewRelease extends NormalizedRelease {
  /** The source kind that found it. */
  origin: string;
}

/** Inserts the releases not stored yet; returns the versions actually inserted. */
/** Inserts what is not stored yet, stamped with the write's change_seq; returns the versions inserted. */
export async function insertNewReleases(tx: DbOrTx, appId: string, list: NewRelease[], now: Date, changeSeq: number): Promise<string[]> {
  const inserted: string[] = [];
  // Chunks keep each statement well under PostgreSQL's 65535 bind parameters.
  const chunkSize = 500;
  for (let start = 0; start < list.length; start += chunkSize) {
    const rows = list.slice(start, start + chunkSize).map((release) => ({
      appId,
      version: release.version,
      tag: release.tag,
      publishedAt: release.publishedAt,
      prerelease: release.prerelease,
      url: release.url,
      security: release.security,
      insecure: release.insecure,
      origin: release.origin,
      firstSeenAt: now,
      changeSeq,
    }));
    const result = await tx.insert(releases).values(rows).onConflictDoNothing({ target: [releases.appId, releases.version] }).returning({ version: releases.version });
    for (const row of result) inserted.push(row.version);
  }
  return inserted;
}

export interface SourceAttempt {
  appId: string;
  sourceKey: string;
  at: Date;
  /** `ok`, `not-modified` or `failed`. */
  result: 'ok' | 'not-modified' | 'failed';
  /** Null for a success. */
  error: string | null;
  /** Releases the source showed (0 for not-modified or a failure: the stored count is kept then). */
  releasesSeen: number;
  /** When the scheduled watch may poll it again after a failure; null for a success. */
  nextAttemptAt: Date | null;
}

/** Records one poll of one source: a success resets the failure count, a failure adds one. */
export async function recordSourceAttempt(tx: DbOrTx, attempt: SourceAttempt): Promise<void> {
  const failed = attempt.result === 'failed';
  const base = {
    appId: attempt.appId,
    sourceKey: attempt.sourceKey,
    lastAttemptAt: attempt.at,
    lastResult: attempt.result,
    nextAttemptAt: attempt.nextAttemptAt,
  };
  if (failed) {
    await tx
      .insert(watchSources)
      .values({ ...base, lastError: attempt.error, consecutiveFailures: 1 })
      .onConflictDoUpdate({
        target: [watchSources.appId, watchSources.sourceKey],
        set: { ...base, lastError: attempt.error, consecutiveFailures: sql`${watchSources.consecutiveFailures} + 1` },
      });
    return;
  }
  const success = { ...base, lastSuccessAt: attempt.at, lastError: null, consecutiveFailures: 0 };
  const seen = attempt.result === 'ok' ? { releasesSeen: attempt.releasesSeen } : {};
  await tx
    .insert(watchSources)
    .values({ ...success, releasesSeen: attempt.releasesSeen })
    .onConflictDoUpdate({ target: [watchSources.appId, watchSources.sourceKey], set: { ...success, ...seen } });
}

export async function countReleases(db: Db, appId?: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(releases)
    .where(appId ? and(eq(releases.appId, appId)) : undefined);
  return row?.n ?? 0;
}
