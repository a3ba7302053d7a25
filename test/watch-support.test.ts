// The watch keeps upstream's support dates of PHP and MariaDB current: polled beside the release
// sources against the recorded upstream, stored through the server's watch store on a real
// database, as upstream rows that never touch an admin's.
import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WatchSummary } from '../scrapers/watch/watch-results.ts';
import { runWatch, type WatchDeps } from '../scrapers/watch/watch-run.ts';
import type { WatchStore } from '../scrapers/watch/watch-store.ts';
import { readChangeSeq } from '../server/db/change-seq.ts';
import { auditLog, seriesSupport, watchSources } from '../server/db/schema.ts';
import { setAdminSupport } from '../server/repositories/support.ts';
import { createWatchStore } from '../server/repositories/watch-store.ts';
import { databaseKinds, type TestDatabase } from './helpers/test-database.ts';
import { appResult, exactly, pinnedNow, testPolicy, useStoredWatch, type WatchHarness } from './upstream/watch-harness.ts';

const statesPath = '/www.php.net/releases/states.php';
const majorsPath = '/downloads.mariadb.org/rest-api/mariadb/';

type Row = typeof seriesSupport.$inferSelect;

describe.each(databaseKinds)('support dates in the watch on %s', (kind) => {
  const world = useStoredWatch(kind);
  let harness: WatchHarness;
  let testDb: TestDatabase;
  let now = pinnedNow;
  let published: string[][] = [];
  let originals: Map<string, string>;

  function deps(store: WatchStore = createWatchStore(testDb.database.db)): WatchDeps {
    return {
      store, catalog: harness.catalog, settings: harness.settings, now: () => now, log: harness.log, httpPolicy: testPolicy,
      onSupportChanged: async (appIds) => {
        published.push(appIds);
      },
    };
  }
  const db = () => testDb.database.db;
  const sourceResult = (summary: WatchSummary, app: string, key: string) => appResult(summary, app).sources.find((s) => s.key === key)!;
  const rows = () => db().select().from(seriesSupport).orderBy(seriesSupport.appId, seriesSupport.series, seriesSupport.origin);
  const upstreamRow = async (app: string, series: string) => (await rows()).find((r) => r.appId === app && r.series === series && r.origin === 'upstream');
  const supportAudits = () => db().select().from(auditLog).where(eq(auditLog.action, 'support.update')).orderBy(auditLog.id);
  const health = async (app: string, key: string) => (await db().select().from(watchSources).where(and(eq(watchSources.appId, app), eq(watchSources.sourceKey, key))))[0];
  /** The dates of a row, as the test writes them. */
  const datesOf = (row: Row) => [row.series, row.releasedAt, row.activeSupportEnd, row.securitySupportEnd, row.lts];

  /** Upstream changes a document; `restoreUpstream` puts back what was recorded. */
  function changeUpstream(path: string, change: (document: any) => unknown): void {
    harness.upstream.replaceWeb(path, (body) => {
      if (!originals.has(path)) originals.set(path, body);
      return JSON.stringify(change(JSON.parse(body)));
    });
  }
  function restoreUpstream(): void {
    for (const [path, body] of originals) harness.upstream.replaceWeb(path, () => body);
    originals.clear();
  }
  /** php.net moves one branch's end of security support. */
  const moveSecurityEnd = (branch: string, day: string) => changeUpstream(statesPath, (states) => {
    states[branch.split('.')[0]!][branch].security_support_end = `${day}T00:00:00+00:00`;
    return states;
  });

  beforeAll(() => {
    ({ harness, testDb } = world());
    originals = new Map();
  });
  beforeEach(() => {
    published = [];
    now = pinnedNow;
  });

  it('stores every series upstream lists, once each, audited, and publishes the change', async () => {
    const summary = await runWatch(deps(), { apps: ['php', 'mariadb'] });
    expect(sourceResult(summary, 'php', 'support:0:php-states')).toMatchObject({ kind: 'php-states', status: 'ok', releases: 7, requests: 1, error: null });
    expect(sourceResult(summary, 'mariadb', 'support:0:mariadb-majors')).toMatchObject({ kind: 'mariadb-majors', status: 'ok', releases: 11, requests: 1 });
    expect([...appResult(summary, 'php').supportChanged].sort()).toEqual(['7.4', '8.1', '8.2', '8.3', '8.4', '8.5', '8.6']);
    expect(appResult(summary, 'mariadb').supportChanged).toHaveLength(11);
    expect(published).toEqual([['php', 'mariadb']]);

    const stored = await rows();
    expect(stored.every((r) => r.origin === 'upstream' && r.note === null)).toBe(true);
    expect(stored.filter((r) => r.appId === 'php').map(datesOf)).toEqual([
      ['7.4', '2019-11-28', '2021-11-28', '2022-11-28', null],
      ['8.1', '2021-11-25', '2023-11-25', '2025-12-31', null],
      ['8.2', '2022-12-08', '2024-12-31', '2026-12-31', null],
      ['8.3', '2023-11-23', '2025-12-31', '2027-12-31', null],
      ['8.4', '2024-11-21', '2026-12-31', '2028-12-31', null],
      ['8.5', '2025-11-20', '2027-12-31', '2029-12-31', null],
      ['8.6', null, null, null, null],
    ]);
    expect(stored.filter((r) => r.appId === 'mariadb').map(datesOf)).toEqual([
      ['10.11', null, null, '2028-02-16', true],
      ['10.5', null, null, '2025-06-24', true],
      ['10.6', null, null, '2026-07-06', true],
      ['11.2', null, null, '2024-11-21', false],
      ['11.4', null, null, '2029-05-29', true],
      ['11.7', null, null, '2025-06-04', false],
      ['11.8', null, null, '2030-06-04', true],
      ['12.0', null, null, '2025-11-18', false],
      ['12.1', null, null, '2026-02-12', false],
      ['12.2', null, null, null, false],
      ['12.3', null, null, null, true],
    ]);
    expect(new Set(stored.filter((r) => r.appId === 'php').map((r) => r.source))).toEqual(new Set([`${harness.upstream.url}${statesPath}`]));
    expect(new Set(stored.filter((r) => r.appId === 'mariadb').map((r) => r.source))).toEqual(new Set([`${harness.upstream.url}${majorsPath}`]));
    expect(new Set(stored.map((r) => r.updatedAt.toISOString()))).toEqual(new Set([pinnedNow.toISOString()]));
    expect(Math.min(...stored.map((r) => r.changeSeq))).toBeGreaterThan(0);

    const audits = await supportAudits();
    expect(audits).toHaveLength(18);
    expect(audits.every((a) => a.actor === 'watcher')).toBe(true);
    expect(audits.find((a) => a.subject === 'support:mariadb@11.4')!.details).toEqual({
      releasedAt: null, activeSupportEnd: null, securitySupportEnd: '2029-05-29', lts: true, source: `${harness.upstream.url}${majorsPath}`,
    });
  });

  it('asks again with the validators, is answered 304, and writes nothing', async () => {
    const before = await rows();
    const auditsBefore = (await supportAudits()).length;
    const seqBefore = await readChangeSeq(db());
    const summary = await runWatch(deps(), { apps: ['php', 'mariadb'] });

    const supportRequests = harness.upstream.requests.filter((r) => r.path === statesPath || r.path === majorsPath);
    expect(supportRequests).toHaveLength(2);
    expect(supportRequests.every((r) => r.conditional && r.status === 304)).toBe(true);
    for (const app of ['php', 'mariadb']) {
      expect(appResult(summary, app)).toMatchObject({ status: 'not-modified', supportChanged: [] });
    }
    expect(sourceResult(summary, 'php', 'support:0:php-states')).toMatchObject({ status: 'not-modified', requests: 1 });
    expect(await rows()).toEqual(before);
    expect(await supportAudits()).toHaveLength(auditsBefore);
    expect(published).toEqual([]);
    // Only each app's watch health moved (one bump per app, as with releases alone); support added none.
    expect(await readChangeSeq(db())).toBe(seqBefore + 2);
  });

  it('updates the upstream row when upstream moves a date, and only that row', async () => {
    const before = await rows();
    const seqBefore = await readChangeSeq(db());
    moveSecurityEnd('8.4', '2029-06-30');
    const summary = await runWatch(deps(), { apps: ['php'] });

    expect(appResult(summary, 'php')).toMatchObject({ status: 'unchanged', newVersions: [], supportChanged: ['8.4'] });
    expect(published).toEqual([['php']]);
    const after = await rows();
    const changed = after.find((r) => r.appId === 'php' && r.series === '8.4')!;
    expect(datesOf(changed)).toEqual(['8.4', '2024-11-21', '2026-12-31', '2029-06-30', null]);
    expect(changed.changeSeq).toBeGreaterThan(seqBefore);
    expect(after.filter((r) => r !== changed)).toEqual(before.filter((r) => !(r.appId === 'php' && r.series === '8.4')));
    const audits = await supportAudits();
    expect(audits.at(-1)).toMatchObject({ actor: 'watcher', subject: 'support:php@8.4', details: expect.objectContaining({ securitySupportEnd: '2029-06-30' }) });

    const again = await runWatch(deps(), { apps: ['php'] });
    expect(appResult(again, 'php')).toMatchObject({ status: 'not-modified', supportChanged: [] });
  });

  it('never touches an admin\'s row of the same series, while upstream\'s own row follows upstream', async () => {
    await setAdminSupport(db(), harness.catalog, 'php', '8.3', { securitySupportEnd: '2028-06-30', note: 'Debian backports security fixes' }, 'alice');
    const admin = () => db().select().from(seriesSupport).where(and(eq(seriesSupport.appId, 'php'), eq(seriesSupport.series, '8.3'), eq(seriesSupport.origin, 'admin')));
    const adminBefore = await admin();
    expect(adminBefore).toHaveLength(1);
    moveSecurityEnd('8.3', '2027-06-30');

    const summary = await runWatch(deps(), { apps: ['php'] });
    expect(appResult(summary, 'php').supportChanged).toEqual(['8.3']);
    expect(await admin()).toEqual(adminBefore);
    expect(datesOf((await upstreamRow('php', '8.3'))!)).toEqual(['8.3', '2023-11-23', '2025-12-31', '2027-06-30', null]);
    expect((await upstreamRow('php', '8.3'))!.source).toBe(`${harness.upstream.url}${statesPath}`);
  });

  it('keeps the dates of a series upstream stopped listing', async () => {
    const before = await rows();
    changeUpstream(statesPath, (states) => ({ 8: states['8'] }));
    const summary = await runWatch(deps(), { apps: ['php'] });
    expect(appResult(summary, 'php')).toMatchObject({ supportChanged: [] });
    expect(sourceResult(summary, 'php', 'support:0:php-states').status).toBe('ok');
    expect(await rows()).toEqual(before);
    expect(published).toEqual([]);
  });

  it('fails a support source whose body has the wrong shape, stores nothing of it, and polls the release source as usual', async () => {
    restoreUpstream();
    const before = await rows();
    const auditsBefore = (await supportAudits()).length;
    changeUpstream(majorsPath, (majors) => ({ majors: majors.major_releases }));
    const summary = await runWatch(deps(), { apps: ['mariadb'], force: true });

    expect(appResult(summary, 'mariadb').status).toBe('partial');
    expect(sourceResult(summary, 'mariadb', '0:json').status).toBe('not-modified');
    const failed = sourceResult(summary, 'mariadb', 'support:0:mariadb-majors');
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(`${harness.upstream.url}${majorsPath}: unexpected shape at major_releases: expected a list of major releases; has the format changed?`);
    expect(failed.nextAttemptAt).not.toBeNull();
    expect(await rows()).toEqual(before);
    expect(await supportAudits()).toHaveLength(auditsBefore);
    expect(await health('mariadb', 'support:0:mariadb-majors')).toMatchObject({ lastResult: 'failed', consecutiveFailures: 1, lastError: failed.error });
    expect(await health('mariadb', '0:json')).toMatchObject({ lastResult: 'not-modified', consecutiveFailures: 0 });

    // Once upstream is back, the stored validators still hold: 304, and the failure count resets.
    restoreUpstream();
    const recovered = await runWatch(deps(), { apps: ['mariadb'], force: true });
    expect(sourceResult(recovered, 'mariadb', 'support:0:mariadb-majors').status).toBe('not-modified');
    expect(await health('mariadb', 'support:0:mariadb-majors')).toMatchObject({ lastResult: 'not-modified', consecutiveFailures: 0, lastError: null, nextAttemptAt: null });
  });

  it('backs a failing support source off like a release source, without stopping the app\'s release sources', async () => {
    harness.upstream.inject({ path: exactly(statesPath), fault: { kind: 'status', status: 503 } });
    const summary = await runWatch(deps(), { apps: ['php'], force: true });
    expect(appResult(summary, 'php').status).toBe('partial');
    expect(sourceResult(summary, 'php', 'support:0:php-states')).toMatchObject({ status: 'failed', requests: 1 + testPolicy.retries });
    expect(sourceResult(summary, 'php', 'support:0:php-states').error).toMatch(/states\.php answered 503/);
    expect(appResult(summary, 'php').sources.filter((s) => !s.key.startsWith('support:')).map((s) => s.status)).toEqual(['not-modified', 'not-modified']);
    const once = await health('php', 'support:0:php-states');
    expect(once).toMatchObject({ lastResult: 'failed', consecutiveFailures: 1 });

    // A scheduled watch leaves it alone until its backoff ends, and still polls the release sources.
    const scheduled = await runWatch(deps(), { apps: ['php'] });
    expect(sourceResult(scheduled, 'php', 'support:0:php-states')).toMatchObject({ status: 'skipped', requests: 0, nextAttemptAt: once!.nextAttemptAt!.toISOString() });
    expect(appResult(scheduled, 'php').requests).toBe(2);
    now = new Date(once!.nextAttemptAt!.getTime() + 1000);
    await runWatch(deps(), { apps: ['php'] });
    const twice = await health('php', 'support:0:php-states');
    expect(twice!.consecutiveFailures).toBe(2);
    expect(twice!.nextAttemptAt!.getTime() - now.getTime()).toBeGreaterThan(once!.nextAttemptAt!.getTime() - once!.lastAttemptAt!.getTime());

    harness.upstream.clearFaults();
    const healed = await runWatch(deps(), { apps: ['php'], force: true });
    expect(sourceResult(healed, 'php', 'support:0:php-states').error).toBeNull();
    expect(await health('php', 'support:0:php-states')).toMatchObject({ consecutiveFailures: 0, lastError: null, nextAttemptAt: null });
  });

  it('stores support dates even when a release source of the app fails', async () => {
    harness.upstream.inject({ path: '/www.php.net/releases/index.php', fault: { kind: 'malformed-json' } });
    moveSecurityEnd('8.5', '2030-06-30');
    const summary = await runWatch(deps(), { apps: ['php'], force: true });
    expect(sourceResult(summary, 'php', '0:json').status).toBe('failed');
    expect(appResult(summary, 'php')).toMatchObject({ status: 'partial', supportChanged: ['8.5'] });
    expect((await upstreamRow('php', '8.5'))!.securitySupportEnd).toBe('2030-06-30');
  });

  it('counts the support source failed and keeps its validators out when storing the app fails, so the next watch reads it again', async () => {
    moveSecurityEnd('8.5', '2031-01-31');
    const store = createWatchStore(db());
    // Support dates are stored in the app's one transaction: when it fails, nothing of it is kept.
    const broken: WatchStore = { ...store, commit: () => Promise.reject(new Error('connection terminated')) };
    const summary = await runWatch(deps(broken), { apps: ['php'], force: true });
    expect(sourceResult(summary, 'php', 'support:0:php-states')).toMatchObject({ status: 'failed', error: 'storing the results failed: connection terminated' });
    expect(appResult(summary, 'php').supportChanged).toEqual([]);
    expect((await upstreamRow('php', '8.5'))!.securitySupportEnd).toBe('2030-06-30');

    harness.upstream.clearLog();
    const retried = await runWatch(deps(), { apps: ['php'], force: true });
    expect(harness.upstream.requests.filter((r) => r.path === statesPath).map((r) => r.status)).toEqual([200]);
    expect(appResult(retried, 'php').supportChanged).toEqual(['8.5']);
    expect((await upstreamRow('php', '8.5'))!.securitySupportEnd).toBe('2031-01-31');
    restoreUpstream();
  });
});
