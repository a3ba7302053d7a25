// The watch run's store (scrapers/watch/watch-store.ts) over the drizzle db: small queries, and
// one transaction per app for everything a watch writes (releases, support dates, validators,
// health), change counter and audit rows included.
import { and, eq, sql } from 'drizzle-orm';
import type { Validators } from '../../scrapers/http/validator-cache.ts';
import type {
  AppCommit, CommittedApp, KnownReleases, NewRelease, ReleaseAnnotation, SourceAttempt, SourceHealth, UpstreamSupport, WatchStore,
} from '../../scrapers/watch/watch-store.ts';
import { bumpChangeSeq } from '../db/change-seq.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { httpValidators, releases, seriesSupport, watchSources } from '../db/schema.ts';
import { recordAudit } from './audit.ts';

export function createWatchStore(db: Db): WatchStore {
  return {
    loadValidators: (freshSince) => loadValidators(db, freshSince),
    loadKnownReleases: (appId) => loadKnownReleases(db, appId),
    loadSourceHealth: (appId) => loadSourceHealth(db, appId),
    commit: (results) => db.transaction((tx) => commitApp(tx, results)),
    loadUpstreamSupport: (appId) => loadUpstreamSupport(db, appId),
  };
}

async function commitApp(tx: DbOrTx, results: AppCommit): Promise<CommittedApp> {
  const { appId, at } = results;
  // Bumped first and stamped on the new rows (see server/db/change-seq.ts). The pages show watch
  // health too, so a poll that found nothing new still changes what they show.
  const changeSeq = await bumpChangeSeq(tx);
  const inserted = await insertNewReleases(tx, appId, results.newReleases, at, changeSeq);
  const byVersion = new Map(results.newReleases.map((release) => [release.version, release]));
  for (const version of inserted) {
    const { origin, tag, prerelease, security, insecure } = byVersion.get(version)!;
    await recordAudit(tx, { actor: 'watcher', action: 'release.create', subject: `release:${appId}@${version}`, details: { origin, tag, prerelease, security, insecure } });
  }
  await annotateStoredReleases(tx, appId, results.annotations, changeSeq);
  for (const { version, ...change } of results.annotations) {
    await recordAudit(tx, { actor: 'watcher', action: 'release.annotate', subject: `release:${appId}@${version}`, details: change });
  }
  const supportChanged = await upsertUpstreamSupport(tx, appId, results.support, at, changeSeq);
  // After the rows they describe: a validator saved without them would make the next poll a 304.
  await saveValidators(tx, results.validators, at);
  for (const attempt of results.attempts) await recordSourceAttempt(tx, appId, attempt, at);
  return { inserted, supportChanged };
}

async function loadKnownReleases(db: DbOrTx, appId: string): Promise<KnownReleases> {
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

/** Applies annotations, stamped with the write's change_seq so every instance's index catches up. */
async function annotateStoredReleases(tx: DbOrTx, appId: string, annotations: readonly ReleaseAnnotation[], changeSeq: number): Promise<void> {
  for (const { version, ...change } of annotations) {
    await tx.update(releases).set({ ...change, changeSeq }).where(and(eq(releases.appId, appId), eq(releases.version, version)));
  }
}

async function loadValidators(db: DbOrTx, freshSince: Date): Promise<Map<string, Validators>> {
  const rows = await db.select().from(httpValidators);
  return new Map(rows
    .filter((row) => row.updatedAt.getTime() >= freshSince.getTime())
    .map((row) => [row.url, { etag: row.etag, lastModified: row.lastModified }]));
}

async function saveValidators(tx: DbOrTx, validators: ReadonlyMap<string, Validators>, now: Date): Promise<void> {
  for (const [url, value] of validators) {
    await tx
      .insert(httpValidators)
      .values({ url, etag: value.etag, lastModified: value.lastModified, updatedAt: now })
      .onConflictDoUpdate({ target: httpValidators.url, set: { etag: value.etag, lastModified: value.lastModified, updatedAt: now } });
  }
}

async function loadSourceHealth(db: DbOrTx, appId: string): Promise<Map<string, SourceHealth>> {
  const rows = await db.select().from(watchSources).where(eq(watchSources.appId, appId));
  return new Map(rows.map((row) => [row.sourceKey, row]));
}

/** Inserts what is not stored yet, stamped with the write's change_seq; returns the versions inserted. */
async function insertNewReleases(tx: DbOrTx, appId: string, list: readonly NewRelease[], now: Date, changeSeq: number): Promise<string[]> {
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

/** Records one poll of one source: a success resets the failure count, a failure adds one. */
async function recordSourceAttempt(tx: DbOrTx, appId: string, attempt: SourceAttempt, at: Date): Promise<void> {
  const base = { appId, sourceKey: attempt.sourceKey, lastAttemptAt: at, lastResult: attempt.result, nextAttemptAt: attempt.nextAttemptAt };
  if (attempt.result === 'failed') {
    await tx
      .insert(watchSources)
      .values({ ...base, lastError: attempt.error, consecutiveFailures: 1 })
      .onConflictDoUpdate({
        target: [watchSources.appId, watchSources.sourceKey],
        set: { ...base, lastError: attempt.error, consecutiveFailures: sql`${watchSources.consecutiveFailures} + 1` },
      });
    return;
  }
  const success = { ...base, lastSuccessAt: at, lastError: null, consecutiveFailures: 0 };
  const seen = attempt.result === 'ok' ? { releasesSeen: attempt.releasesSeen } : {};
  await tx
    .insert(watchSources)
    .values({ ...success, releasesSeen: attempt.releasesSeen })
    .onConflictDoUpdate({ target: [watchSources.appId, watchSources.sourceKey], set: { ...success, ...seen } });
}

async function loadUpstreamSupport(db: DbOrTx, appId: string): Promise<Map<string, UpstreamSupport>> {
  const rows = await db
    .select({
      series: seriesSupport.series, releasedAt: seriesSupport.releasedAt, activeSupportEnd: seriesSupport.activeSupportEnd,
      securitySupportEnd: seriesSupport.securitySupportEnd, lts: seriesSupport.lts, source: seriesSupport.source,
    })
    .from(seriesSupport)
    .where(and(eq(seriesSupport.appId, appId), eq(seriesSupport.origin, 'upstream')));
  return new Map(rows.map((row) => [row.series, row]));
}

/**
 * Upserts upstream's rows (origin `upstream` is in the key, so an admin's row of the same series is
 * never matched), stamped with the write's change_seq; a row that turns out unchanged is left
 * alone and not audited. Nothing is deleted: a series upstream stopped listing keeps its dates.
 */
async function upsertUpstreamSupport(tx: DbOrTx, appId: string, rows: UpstreamSupport[], at: Date, changeSeq: number): Promise<string[]> {
  const changed: string[] = [];
  for (const { series, ...stated } of rows) {
    const values = { ...stated, note: null, updatedAt: at, changeSeq };
    const written = await tx
      .insert(seriesSupport)
      .values({ appId, series, origin: 'upstream', ...values })
      .onConflictDoUpdate({
        target: [seriesSupport.appId, seriesSupport.series, seriesSupport.origin],
        set: values,
        setWhere: sql`(${seriesSupport.releasedAt}, ${seriesSupport.activeSupportEnd}, ${seriesSupport.securitySupportEnd}, ${seriesSupport.lts}, ${seriesSupport.source})
          is distinct from (excluded.released_at, excluded.active_support_end, excluded.security_support_end, excluded.lts, excluded.source)`,
      })
      .returning({ series: seriesSupport.series });
    if (written.length === 0) continue;
    changed.push(series);
    await recordAudit(tx, { actor: 'watcher', action: 'support.update', subject: `support:${appId}@${series}`, details: stated });
  }
  return changed;
}
