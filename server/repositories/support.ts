// Support dates per series: the rows the watcher and admins wrote, and the catalogue's. An admin's
// row is separate from upstream's, so a watch never overwrites it; clearing it shows upstream's
// dates again.
import { and, eq, sql } from 'drizzle-orm';
import type { SupportDates } from '../../matrix/contract.ts';
import { readVersion } from '../../matrix/read-version.ts';
import type { SupportRecord } from '../../matrix/support.ts';
import { seriesOf } from '../../matrix/versions.ts';
import type { Catalog, CatalogApp } from '../../scrapers/catalog.ts';
import { bumpChangeSeq } from '../db/change-seq.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { seriesSupport } from '../db/schema.ts';
import { notFound, unprocessable } from '../errors.ts';
import { recordAudit } from './audit.ts';

/** What an admin sets: the fields given override upstream's; omitted ones fall back to it. */
export interface AdminSupport {
  releasedAt?: string | undefined;
  activeSupportEnd?: string | undefined;
  securitySupportEnd?: string | undefined;
  lts?: boolean | undefined;
  note?: string | undefined;
}

/** The catalogue's support dates as records of origin `catalogue`. */
export function catalogueSupport(catalog: Catalog): SupportRecord[] {
  return catalog.apps.flatMap((app) => app.support.map((entry) => ({
    app: app.id,
    series: entry.series,
    origin: 'catalogue' as const,
    releasedAt: entry.releasedAt ?? null,
    activeSupportEnd: entry.activeSupportEnd ?? null,
    securitySupportEnd: entry.securitySupportEnd ?? null,
    lts: entry.lts ?? null,
    source: 'catalogue',
    note: null,
  })));
}

/** Stored rows of both origins, as records. */
export async function listStoredSupport(db: DbOrTx): Promise<SupportRecord[]> {
  const rows = await db.select().from(seriesSupport).orderBy(seriesSupport.appId, seriesSupport.series, seriesSupport.origin);
  return rows.map((row) => ({
    app: row.appId, series: row.series, origin: row.origin, releasedAt: row.releasedAt, activeSupportEnd: row.activeSupportEnd,
    securitySupportEnd: row.securitySupportEnd, lts: row.lts, source: row.source, note: row.note,
  }));
}

/** Reads `series` through the app's scheme down to its series (`8.2.26` → `8.2`); 404/422 naming what is wrong. */
export function normalizeSeries(catalog: Catalog, appId: string, series: string): { app: CatalogApp; series: string } {
  const app = catalog.apps.find((entry) => entry.id === appId);
  if (!app) throw notFound(`there is no app "${appId}" in the catalogue`);
  const parsed = readVersion(series, app.versioning);
  if (!parsed) throw unprocessable(`"${series}" is not a ${app.name} series (e.g. ${app.series === 1 ? '12' : '8.2'})`, [{ path: 'path.series', message: 'not a series' }]);
  return { app, series: seriesOf(parsed, app.series, app.versioning) };
}

function checkOrder(dates: SupportDates): void {
  const problems: Array<{ path: string; message: string }> = [];
  const { releasedAt, activeSupportEnd, securitySupportEnd } = dates;
  if (releasedAt && activeSupportEnd && activeSupportEnd < releasedAt) problems.push({ path: 'body.activeSupportEnd', message: `${activeSupportEnd} is before the release ${releasedAt}` });
  if (releasedAt && securitySupportEnd && securitySupportEnd < releasedAt) problems.push({ path: 'body.securitySupportEnd', message: `${securitySupportEnd} is before the release ${releasedAt}` });
  if (activeSupportEnd && securitySupportEnd && securitySupportEnd < activeSupportEnd) problems.push({ path: 'body.securitySupportEnd', message: `${securitySupportEnd} is before the end of active support ${activeSupportEnd}` });
  if (problems.length > 0) throw unprocessable(`invalid support dates: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
}

/** Sets (replaces) an admin's dates for one series. */
export async function setAdminSupport(db: Db, catalog: Catalog, appId: string, rawSeries: string, input: AdminSupport, actor: string): Promise<SupportRecord> {
  const { series } = normalizeSeries(catalog, appId, rawSeries);
  const dates: SupportDates = {
    releasedAt: input.releasedAt ?? null,
    activeSupportEnd: input.activeSupportEnd ?? null,
    securitySupportEnd: input.securitySupportEnd ?? null,
    lts: input.lts ?? null,
  };
  if (Object.values(dates).every((value) => value === null)) {
    throw unprocessable('give at least one of releasedAt, activeSupportEnd, securitySupportEnd, lts (DELETE clears an admin\'s dates)', [{ path: 'body', message: 'no dates' }]);
  }
  checkOrder(dates);
  const record: SupportRecord = { app: appId, series, origin: 'admin', ...dates, source: actor, note: input.note ?? null };
  await db.transaction(async (tx) => {
    const seq = await bumpChangeSeq(tx);
    const values = { ...dates, source: actor, note: record.note, updatedAt: sql`now()`, changeSeq: seq };
    await tx.insert(seriesSupport).values({ appId, series, origin: 'admin', ...values })
      .onConflictDoUpdate({ target: [seriesSupport.appId, seriesSupport.series, seriesSupport.origin], set: values });
    await recordAudit(tx, { actor, action: 'support.set', subject: `support:${appId}@${series}`, details: { ...dates, note: record.note } });
  });
  return record;
}

/** Removes an admin's dates for one series (upstream's and the catalogue's show again); 404 when there are none. */
export async function clearAdminSupport(db: Db, catalog: Catalog, appId: string, rawSeries: string, actor: string): Promise<{ app: string; series: string }> {
  const { series } = normalizeSeries(catalog, appId, rawSeries);
  await db.transaction(async (tx) => {
    await bumpChangeSeq(tx);
    const removed = await tx.delete(seriesSupport)
      .where(and(eq(seriesSupport.appId, appId), eq(seriesSupport.series, series), eq(seriesSupport.origin, 'admin')))
      .returning({ series: seriesSupport.series });
    if (removed.length === 0) throw notFound(`no dates were set by hand for ${appId} ${series}`);
    await recordAudit(tx, { actor, action: 'support.clear', subject: `support:${appId}@${series}`, details: null });
  });
  return { app: appId, series };
}
