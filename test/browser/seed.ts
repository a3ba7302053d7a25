// A small registry written through the public API, as an admin and a tester would: used by the
// browser tests of the pages and by the feed tests.
import { expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { bumpChangeSeq } from '../../server/db/change-seq.ts';
import { releases, seriesSupport } from '../../server/db/schema.ts';
import { builtInCatalogPath, loadCatalog, type Catalog, type CatalogSupport } from '../../scrapers/catalog.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import type { DatabaseKind } from '../helpers/test-database.ts';

export const hostile = '<img src=x onerror=alert(1)>';

export const bookwormName = 'Debian 12 · PHP 8.2 · MariaDB 10.11';
export const trixieName = 'Debian 13 · PHP 8.4 · MariaDB 11.8';
export const php83Name = 'Debian 12 · PHP 8.3 · MariaDB 10.11';

export interface Seeded {
  /** Run ids by name. */
  runs: Record<string, number>;
}

async function ok(res: Response, what: string): Promise<any> {
  const body = await res.text();
  expect(res.status, `${what}: ${body}`).toBeLessThan(300);
  return JSON.parse(body);
}

export async function addRelease(t: TestApp, app: string, body: Record<string, unknown>): Promise<void> {
  await ok(await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: body }), `add ${app} ${String(body.version)}`);
}

export async function recordRun(t: TestApp, body: Record<string, unknown>): Promise<number> {
  const run = await ok(await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: body }), 'record run');
  return run.id as number;
}

/**
 * Stacks: bookworm (PHP 8.2, the platform of most runs below) declared the default, trixie (PHP
 * 8.4, from the catalogue) the other, where nothing is confirmed. Nextcloud: 30.0.3 untested above
 * a confirmed 30.0.2 (whose tag and run notes are hostile markup), 30.0.1 confirmed then
 * withdrawn, 29.0.9 passing with PHP 8.2 and failing with 8.3 (a run that does not count on
 * either stack), blocked on trixie by "Nextcloud <30 needs PHP <8.4", a prerelease that passed.
 * Roundcube: newest release broken on PHP 8.2, an old release with no date. WordPress: up to date.
 */
export async function seedRegistry(t: TestApp): Promise<Seeded> {
  await ok(await t.request('/api/v1/stacks/bookworm', { method: 'DELETE', token: t.adminToken }), 'remove bookworm');
  await ok(await t.request('/api/v1/stacks', { method: 'POST', token: t.adminToken, json: { id: 'bookworm', name: bookwormName, components: { debian: '12', php: '8.2', mariadb: '10.11' }, default: true } }), 'declare bookworm the default');
  await ok(await t.request('/api/v1/constraints', { method: 'POST', token: t.adminToken, json: { app: 'nextcloud', range: '<30', requires: { app: 'php', range: '<8.4' }, reason: 'Nextcloud 29 and older do not run on PHP 8.4' } }), 'declare a constraint');
  await addRelease(t, 'php', { version: '8.2.26', publishedAt: '2026-10-20T00:00:00Z' });
  await addRelease(t, 'php', { version: '8.3.14', publishedAt: '2026-10-21T00:00:00Z' });
  await addRelease(t, 'debian', { version: '12.8', publishedAt: '2026-09-01T00:00:00Z' });
  await addRelease(t, 'mariadb', { version: '10.11.6', publishedAt: '2026-08-01T00:00:00Z' });
  await addRelease(t, 'nextcloud', { version: '29.0.9', publishedAt: '2026-10-01T09:00:00Z', url: 'https://github.com/nextcloud/server/releases/tag/v29.0.9', tag: 'v29.0.9', insecure: true });
  await addRelease(t, 'nextcloud', { version: '30.0.1', publishedAt: '2026-10-15T09:00:00Z' });
  await addRelease(t, 'nextcloud', { version: '30.0.2', publishedAt: '2026-11-01T09:00:00Z', tag: hostile, url: 'https://example.org/nextcloud/30.0.2' });
  await addRelease(t, 'nextcloud', { version: '30.0.3', publishedAt: '2026-11-18T09:00:00Z' });
  await addRelease(t, 'nextcloud', { version: '31.0.0rc1', publishedAt: '2026-11-19T09:00:00Z' });
  await addRelease(t, 'roundcube', { version: '1.6.8' });
  await addRelease(t, 'roundcube', { version: '1.6.9', publishedAt: '2026-09-10T00:00:00Z' });
  await addRelease(t, 'roundcube', { version: '1.6.10', publishedAt: '2026-11-10T00:00:00Z', security: true });
  await addRelease(t, 'wordpress', { version: '6.7', publishedAt: '2026-11-12T00:00:00Z' });

  const stack = { php: '8.2.26', debian: '12.8', mariadb: '10.11.6' };
  const runs: Record<string, number> = {};
  runs.nc2909pass = await recordRun(t, { components: { nextcloud: '29.0.9', ...stack }, verdict: 'pass', testedAt: '2026-10-05T12:00:00Z' });
  runs.nc2909fail = await recordRun(t, { components: { nextcloud: '29.0.9', php: '8.3.14', debian: '12.8' }, verdict: 'fail', testedAt: '2026-10-06T12:00:00Z', notes: 'login loop on PHP 8.3' });
  runs.nc3001pass = await recordRun(t, { components: { nextcloud: '30.0.1', ...stack }, verdict: 'pass', testedAt: '2026-10-16T12:00:00Z' });
  runs.nc3002pass = await recordRun(t, { components: { nextcloud: '30.0.2', ...stack }, verdict: 'pass', testedAt: '2026-11-20T10:30:00Z', notes: hostile, evidenceUrl: 'https://ci.example.org/jobs/42' });
  runs.nc3002again = await recordRun(t, { components: { nextcloud: '30.0.2', ...stack }, verdict: 'pass', testedAt: '2026-11-22T10:30:00Z' });
  runs.ncRcPass = await recordRun(t, { components: { nextcloud: '31.0.0rc1', ...stack }, verdict: 'pass', testedAt: '2026-11-21T10:30:00Z' });
  runs.rc169pass = await recordRun(t, { components: { roundcube: '1.6.9', php: '8.2.26' }, verdict: 'pass', testedAt: '2026-09-12T08:00:00Z' });
  runs.rc1610fail = await recordRun(t, { components: { roundcube: '1.6.10', php: '8.2.26' }, verdict: 'fail', testedAt: '2026-11-11T08:00:00Z' });
  runs.wp67pass = await recordRun(t, { components: { wordpress: '6.7', php: '8.2.26', mariadb: '10.11.6' }, verdict: 'pass', testedAt: '2026-11-13T08:00:00Z' });

  await ok(await t.request('/api/v1/apps/nextcloud/releases/30.0.1', { method: 'PATCH', token: t.adminToken, json: { withdrawn: true, reason: `breaks calendars ${hostile}` } }), 'withdraw 30.0.1');
  return { runs };
}

/**
 * Years of Nextcloud releases nobody tested on any stack (20.0.0 to 28.0.15, 144 of them), older
 * than everything seedRegistry adds: what a real watch stores, and what made the app page of
 * issue 12 a 38,000 px scroll of "Not yet tested" on a phone. Stored in one transaction as a
 * watch run stores what it found (through the API it takes too long for a test hook).
 */
export async function seedHistory(t: TestApp): Promise<number> {
  const rows: Array<{ version: string; publishedAt: Date }> = [];
  for (let major = 20; major <= 28; major++) {
    // A major every seven months from January 2020, a patch every two weeks.
    for (let patch = 0; patch <= 15; patch++) rows.push({ version: `${major}.0.${patch}`, publishedAt: new Date(Date.UTC(2020, (major - 20) * 7, 1 + patch * 14)) });
  }
  await t.deps.database.db.transaction(async (tx) => {
    const changeSeq = await bumpChangeSeq(tx);
    await tx.insert(releases).values(rows.map((row) => ({ ...row, changeSeq, appId: 'nextcloud', origin: 'github-tags' })));
  });
  await t.deps.registry.sync();
  return rows.length;
}

/**
 * The report of issue 12: on the only stack, bookworm (PHP 8.2), Nextcloud 33.0.8 passed; 34.0.3
 * failed with PHP 8.2 (blamed on Nextcloud) and then passed with PHP 8.3.
 */
export async function seedPhpReport(t: TestApp): Promise<Seeded> {
  await ok(await t.request('/api/v1/stacks/trixie', { method: 'DELETE', token: t.adminToken }), 'remove trixie');
  for (const [app, versions] of Object.entries({ php: ['8.2.33', '8.3.30'], debian: ['12.11'], mariadb: ['10.11.14'], nextcloud: ['33.0.8', '34.0.3'] })) {
    for (const version of versions) await addRelease(t, app, { version, publishedAt: '2026-01-15T00:00:00Z' });
  }
  const platform = { debian: '12.11', mariadb: '10.11.14' };
  const runs: Record<string, number> = {};
  runs.nc3308pass = await recordRun(t, { components: { nextcloud: '33.0.8', php: '8.2.33', ...platform }, verdict: 'pass', testedAt: '2026-02-01T00:00:00Z' });
  runs.nc3403fail82 = await recordRun(t, { components: { nextcloud: '34.0.3', php: '8.2.33', ...platform }, verdict: 'fail', failed: ['nextcloud'], testedAt: '2026-03-01T00:00:00Z', notes: 'upgrade step crashes on PHP 8.2' });
  runs.nc3403pass83 = await recordRun(t, { components: { nextcloud: '34.0.3', php: '8.3.30', ...platform }, verdict: 'pass', testedAt: '2026-03-02T00:00:00Z' });
  return { runs };
}

/** …then a PHP 8.3 stack becomes the default, and 34.0.3 fails once more with PHP 8.2. */
export async function seedOneMoreFailure(t: TestApp): Promise<number> {
  await ok(await t.request('/api/v1/stacks', { method: 'POST', token: t.adminToken, json: { id: 'php83', name: php83Name, components: { debian: '12', php: '8.3', mariadb: '10.11' }, default: true } }), 'declare php83');
  return recordRun(t, { components: { nextcloud: '34.0.3', php: '8.2.33', debian: '12.11', mariadb: '10.11.14' }, verdict: 'fail', failed: ['nextcloud'], testedAt: '2026-03-03T00:00:00Z' });
}

/** A row of series_support, as the watcher (`upstream`) or an admin writes it. */
export interface SupportRow {
  app: string;
  series: string;
  origin: 'upstream' | 'admin';
  releasedAt?: string;
  activeSupportEnd?: string;
  securitySupportEnd?: string;
  lts?: boolean;
  /** Upstream's URL or the admin token's name. */
  source: string;
  note?: string;
}

/** Support dates stored as the watcher and admins store them, and caught up by the index. */
export async function seedSupport(t: TestApp, rows: SupportRow[]): Promise<void> {
  await t.deps.database.db.transaction(async (tx) => {
    const changeSeq = await bumpChangeSeq(tx);
    await tx.insert(seriesSupport).values(rows.map((row) => ({
      appId: row.app, series: row.series, origin: row.origin, releasedAt: row.releasedAt ?? null, activeSupportEnd: row.activeSupportEnd ?? null,
      securitySupportEnd: row.securitySupportEnd ?? null, lts: row.lts ?? null, source: row.source, note: row.note ?? null, changeSeq,
    })));
  });
  await t.deps.registry.sync();
}

/** Upstream turns `insecure` on for a release stored long ago, as a watch of WordPress's stable-check does. */
export async function markInsecure(t: TestApp, app: string, version: string): Promise<void> {
  await t.deps.database.db.transaction(async (tx) => {
    const changeSeq = await bumpChangeSeq(tx);
    await tx.update(releases).set({ insecure: true, changeSeq }).where(and(eq(releases.appId, app), eq(releases.version, version)));
  });
  await t.deps.registry.sync();
}

/** The built-in catalogue with exactly these support dates (app → series), so tests do not move when the catalogue's do. */
export async function catalogWithSupport(support: Record<string, CatalogSupport[]>): Promise<Catalog> {
  const catalog = await loadCatalog(builtInCatalogPath);
  return { ...catalog, apps: catalog.apps.map((app) => ({ ...app, support: support[app.id] ?? [] })) };
}

/** Debian's dates as the catalogue gives them (debian.org/releases). */
export const debianSupport: CatalogSupport[] = [
  { series: '13', releasedAt: '2025-08-09', activeSupportEnd: '2028-08-09', securitySupportEnd: '2030-06-30' },
  { series: '12', releasedAt: '2023-06-10', activeSupportEnd: '2026-07-11', securitySupportEnd: '2028-06-30' },
];

/** PHP's from php.net (as the watcher stores them), and an admin's for MariaDB 10.11 and Nextcloud 30. */
export const supportRows: SupportRow[] = [
  { app: 'php', series: '8.3', origin: 'upstream', releasedAt: '2023-11-23', activeSupportEnd: '2025-12-31', securitySupportEnd: '2027-12-31', source: 'https://www.php.net/supported-versions.php' },
  { app: 'php', series: '8.2', origin: 'upstream', releasedAt: '2022-12-08', activeSupportEnd: '2024-12-31', securitySupportEnd: '2026-12-31', source: 'https://www.php.net/supported-versions.php' },
  { app: 'mariadb', series: '10.11', origin: 'admin', securitySupportEnd: '2028-02-16', lts: true, source: 'test-admin', note: `long-term series ${hostile}` },
  { app: 'nextcloud', series: '30', origin: 'admin', securitySupportEnd: '2026-10-01', source: 'test-admin' },
];

/**
 * The app on 10 Dec 2026 with the small registry and the support dates above (PHP 8.2's security
 * support ends in 21 days, Nextcloud 30's ended on 1 Oct): the support pages', feeds' and
 * calendar's world.
 */
export async function startSupportWorld(kind: DatabaseKind): Promise<TestApp> {
  const catalog = await catalogWithSupport({ debian: debianSupport });
  const t = await startTestApp(kind, { catalog, clock: { now: () => new Date('2026-12-10T12:00:00Z') } });
  await seedRegistry(t);
  await seedSupport(t, supportRows);
  return t;
}
