// The whole watch against the recorded upstream, storing through the server's watch store on a
// real database built from the migrations.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WatchSummary } from '../scrapers/watch/watch-results.ts';
import { runWatch, type WatchDeps } from '../scrapers/watch/watch-run.ts';
import { readChangeSeq } from '../server/db/change-seq.ts';
import { auditLog, httpValidators, releases, watchSources } from '../server/db/schema.ts';
import { createWatchStore } from '../server/repositories/watch-store.ts';
import { databaseKinds, type TestDatabase } from './helpers/test-database.ts';
import { appResult, pinnedNow, testPolicy, useStoredWatch, type WatchHarness } from './upstream/watch-harness.ts';

describe.each(databaseKinds)('the watch run on %s', (kind) => {
  const world = useStoredWatch(kind);
  let harness: WatchHarness;
  let testDb: TestDatabase;
  let now = pinnedNow;
  beforeAll(() => {
    ({ harness, testDb } = world());
  });

  function deps(): WatchDeps {
    return { store: createWatchStore(testDb.database.db), catalog: harness.catalog, settings: harness.settings, now: () => now, log: harness.log, httpPolicy: testPolicy };
  }

  async function snapshot() {
    return testDb.database.db.select().from(releases).orderBy(releases.id);
  }


  let first: WatchSummary;
  let second: WatchSummary;

  it('stores every app\'s releases on a first full watch, using every fixture', async () => {
    first = await runWatch(deps());
    const requests = harness.upstream.requests.length;
    console.log(`first full watch (${kind}): ${first.requests} requests, ${first.newReleases} new releases`);
    expect(first.requests).toBe(requests);
    expect(harness.upstream.unusedFixtures()).toEqual([]);
    expect(harness.upstream.unmatched()).toEqual([]);
    expect(harness.upstream.requests.every((r) => /^vetted\/\S+ \(\+https:\/\/\S+; instance https:\/\/vetted\.test\)/.test(r.userAgent ?? ''))).toBe(true);
    for (const app of first.apps) {
      const expectedStatus = ['roundpin', 'security-probe', 'suite-panel'].includes(app.app) ? 'no-sources' : 'updated';
      expect(app.status, app.app).toBe(expectedStatus);
    }
    const [{ n }] = await testDb.database.db.select({ n: sql<number>`count(*)::int` }).from(releases) as [{ n: number }];
    expect(n).toBe(first.newReleases);
    const nextcloud = await testDb.database.db.select().from(releases).where(eq(releases.appId, 'nextcloud'));
    expect(nextcloud.find((r) => r.version === '35.0.0-beta.4')).toMatchObject({ prerelease: true, origin: 'github-tags', tag: 'v35.0.0beta4' });
    const audits = await testDb.database.db.select().from(auditLog).where(eq(auditLog.actor, 'watcher'));
    // One per new release, one per series of the support sources (PHP's and MariaDB's).
    expect(audits.filter((a) => a.action === 'release.create')).toHaveLength(first.newReleases);
    expect(audits.filter((a) => a.action === 'support.update').map((a) => a.subject).sort()).toEqual(
      [...first.apps.flatMap((a) => (a.supportChanged ?? []).map((series) => `support:${a.app}@${series}`))].sort(),
    );
    expect(audits.length).toBeGreaterThan(first.newReleases);
    expect(await readChangeSeq(testDb.database.db)).toBeGreaterThan(0);
  });

  it('makes only conditional requests answered 304 on a second full watch, and changes nothing', async () => {
    const before = await snapshot();
    const seqBefore = await readChangeSeq(testDb.database.db);
    second = await runWatch(deps());
    console.log(`second full watch (${kind}): ${second.requests} requests, ${second.newReleases} new releases`);
    const sourceCount = harness.catalog.apps.reduce((n, app) => n + app.sources.length + app.supportSources.length, 0);
    expect(second.requests).toBe(sourceCount);
    expect(harness.upstream.requests.every((r) => r.conditional && r.status === 304)).toBe(true);
    expect(second.newReleases).toBe(0);
    expect(second.apps.filter((a) => a.status !== 'no-sources').every((a) => a.status === 'not-modified')).toBe(true);
    expect(await snapshot()).toEqual(before);
    // Only the watch health moved (one bump per polled app), which the pages show.
    const polledApps = harness.catalog.apps.filter((app) => app.sources.length > 0).length;
    expect(await readChangeSeq(testDb.database.db)).toBe(seqBefore + polledApps);
    expect(first.requests).toBeGreaterThan(second.requests);
  });

  it('reads a source in full again once the catalogue changes how it is read', async () => {
    const changed = {
      apps: harness.catalog.apps.map((app) => app.id !== 'friendica' ? app : {
        ...app,
        sources: app.sources.map((source) => ({ ...source, include: `${source.include}|^never$` })),
      }),
    };
    const summary = await runWatch({ ...deps(), catalog: changed }, { apps: ['friendica'] });
    expect(appResult(summary, 'friendica').status).toBe('unchanged');
    expect(harness.upstream.requests.map((r) => [r.conditional, r.status])).toEqual([[false, 200]]);
    const again = await runWatch({ ...deps(), catalog: changed }, { apps: ['friendica'] });
    expect(appResult(again, 'friendica').status).toBe('not-modified');
  });

  it('stores a new upstream release once, stopping at the first page with nothing new', async () => {
    harness.upstream.prependGithub('nextcloud/server', 'tags', { name: 'v34.0.4', commit: { sha: 'f'.repeat(40) } });
    const summary = await runWatch(deps(), { apps: ['nextcloud'] });
    expect(appResult(summary, 'nextcloud')).toMatchObject({ status: 'updated', newVersions: ['34.0.4'] });
    // Page 1 changed (200), page 2 holds only known tags: paging stops there.
    expect(summary.requests).toBe(2);
    const again = await runWatch(deps(), { apps: ['nextcloud'] });
    expect(appResult(again, 'nextcloud')).toMatchObject({ status: 'not-modified', newVersions: [] });
  });

  it('flags a stored release insecure once upstream lists it so, and changes nothing else', async () => {
    const stableCheck = '/api.wordpress.org/core/stable-check/1.0/';
    let latest = '';
    harness.upstream.replaceWeb(stableCheck, (body) => {
      const entries = JSON.parse(body) as Record<string, string>;
      latest = Object.keys(entries).find((version) => entries[version] === 'latest')!;
      return JSON.stringify({ ...entries, [latest]: 'insecure' });
    });
    const version = latest.split('.').length === 2 ? `${latest}.0` : latest;
    const row = async () => (await snapshot()).find((r) => r.appId === 'wordpress' && r.version === version)!;
    const before = await row();
    expect(before).toMatchObject({ insecure: false, security: false });
    const othersBefore = (await snapshot()).filter((r) => r.id !== before.id);
    const seqBefore = await readChangeSeq(testDb.database.db);

    const summary = await runWatch(deps(), { apps: ['wordpress'] });
    expect(appResult(summary, 'wordpress')).toMatchObject({ status: 'unchanged', newVersions: [], newlyInsecure: [version] });
    const after = await row();
    expect(after).toMatchObject({ insecure: true, security: false, changeSeq: seqBefore + 1 });
    expect((await snapshot()).filter((r) => r.id !== before.id)).toEqual(othersBefore);
    const audits = await testDb.database.db.select().from(auditLog).where(eq(auditLog.action, 'release.annotate'));
    expect(audits.map((a) => a.subject)).toEqual([`release:wordpress@${version}`]);

    // Nothing changed upstream since: nothing more to do.
    const again = await runWatch(deps(), { apps: ['wordpress'] });
    expect(appResult(again, 'wordpress')).toMatchObject({ status: 'not-modified', newlyInsecure: [] });
  });

  it('reads every source in full once a day, in case a new tag landed on a later page', async () => {
    now = new Date(pinnedNow.getTime() + 25 * 60 * 60_000);
    const summary = await runWatch(deps(), { apps: ['nextcloud', 'debian'] });
    now = pinnedNow;
    expect(appResult(summary, 'nextcloud')).toMatchObject({ status: 'unchanged', requests: 8 });
    expect(appResult(summary, 'debian')).toMatchObject({ status: 'unchanged', requests: 1 });
    expect(harness.upstream.requests.every((r) => !r.conditional && r.status === 200)).toBe(true);
  });

  // Each failure exactly as the watch health tells it (the upstream's port varies).
  const faults = [
    { name: '5xx', app: 'roundcube', path: '/repos/roundcube/roundcubemail/releases', fault: { kind: 'status', status: 502 } as const, error: /^GitHub roundcube\/roundcubemail releases answered 502: Server Error$/ },
    { name: 'timeout', app: 'phplist', path: '/repos/phpList/phplist3/tags', fault: { kind: 'hang' } as const, error: /^GitHub phpList\/phplist3 tags failed: GET http:\/\/127\.0\.0\.1:\d+\/repos\/phpList\/phplist3\/tags\?per_page=100 timed out after 1500 ms$/ },
    { name: 'malformed JSON', app: 'mariadb', path: '/downloads.mariadb.org/rest-api/mariadb/all-releases/', fault: { kind: 'malformed-json' } as const, error: /^http:\/\/127\.0\.0\.1:\d+\/downloads\.mariadb\.org\/rest-api\/mariadb\/all-releases\/\?olderReleases=true: malformed JSON \(/ },
    { name: 'changed HTML', app: 'debian', path: '/www.debian.org/releases/', fault: { kind: 'changed-html' } as const, error: /^http:\/\/127\.0\.0\.1:\d+\/www\.debian\.org\/releases\/: selector "#content p" matches nothing; has the page changed\?$/ },
    { name: '429 rate limit', app: 'dolibarr', path: '/repos/Dolibarr/dolibarr/releases', fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 1 } as const, error: /^GitHub Dolibarr\/dolibarr releases answered 429: You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\.$/ },
    { name: '403 primary rate limit', app: 'collabora', path: '/repos/CollaboraOnline/online/tags', fault: { kind: 'rate-limit', status: 403, resetInSeconds: 1 } as const, error: /^GitHub CollaboraOnline\/online tags answered 403: API rate limit exceeded for 127\.0\.0\.1\. / },
    { name: 'empty list', app: 'friendica', path: '/repos/friendica/friendica/tags', fault: { kind: 'empty' } as const, error: /^GitHub friendica\/friendica lists no tags$/ },
  ];

  it.each(faults)('records a $name on one source and polls the other apps as usual', async ({ app, path, fault, error }) => {
    harness.upstream.inject({ path, fault });
    // Other apps' upstreams changed meanwhile: they must still be picked up.
    const before = await snapshot();
    const summary = await runWatch(deps(), { force: true });
    const failed = appResult(summary, app);
    // An app whose support source still answers is partly polled.
    expect(failed.status).toBe(harness.catalog.apps.find((a) => a.id === app)!.supportSources.length > 0 ? 'partial' : 'failed');
    expect(failed.sources[0]!.error).toMatch(error);
    expect(failed.sources[0]!.nextAttemptAt).not.toBeNull();
    for (const other of summary.apps.filter((a) => a.app !== app && a.status !== 'no-sources')) {
      expect(other.status, other.app).toBe('not-modified');
    }
    expect(await snapshot()).toEqual(before);
    const [health] = await testDb.database.db.select().from(watchSources).where(eq(watchSources.appId, app));
    expect(health).toMatchObject({ lastResult: 'failed', consecutiveFailures: 1 });
    expect(health!.lastError).toMatch(error);
    expect(health!.nextAttemptAt!.getTime()).toBeGreaterThan(now.getTime());

    // Once the upstream is back, the next forced poll succeeds and the failure count resets.
    harness.upstream.clearFaults();
    const recovered = await runWatch(deps(), { apps: [app], force: true });
    expect(appResult(recovered, app).status).toBe('not-modified');
    const [healed] = await testDb.database.db.select().from(watchSources).where(eq(watchSources.appId, app));
    expect(healed).toMatchObject({ lastResult: 'not-modified', consecutiveFailures: 0, lastError: null, nextAttemptAt: null });
  });

  it('retries a 5xx a bounded number of times before recording the failure', async () => {
    harness.upstream.inject({ path: '/repos/matomo-org/matomo/releases', fault: { kind: 'status', status: 503 } });
    const summary = await runWatch(deps(), { apps: ['matomo'], force: true });
    expect(appResult(summary, 'matomo').status).toBe('failed');
    expect(harness.upstream.requests.filter((r) => r.path.includes('matomo'))).toHaveLength(1 + testPolicy.retries);
    harness.upstream.clearFaults();
  });

  it('recovers within one watch when a fault clears before the retries run out', async () => {
    harness.upstream.inject({ path: '/www.php.net/releases/index.php', fault: { kind: 'status', status: 500 }, times: 1 });
    harness.upstream.inject({ path: '/repos/php/php-src/tags', fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 0 }, times: 1 });
    const summary = await runWatch(deps(), { apps: ['php'], force: true });
    expect(appResult(summary, 'php').status).toBe('not-modified');
    // Two sources each answered after one retry, and states.php once.
    expect(summary.requests).toBe(5);
  });

  it('gives up at once on a rate limit that resets too far away', async () => {
    harness.upstream.inject({ path: '/repos/mybb/mybb/tags', fault: { kind: 'rate-limit', status: 403, resetInSeconds: 3600 } });
    const summary = await runWatch(deps(), { apps: ['mybb'], force: true });
    expect(appResult(summary, 'mybb').status).toBe('failed');
    expect(summary.requests).toBe(1);
  });

  it('skips a source that is backing off unless forced, and backs off longer after each failure', async () => {
    harness.upstream.inject({ path: '/repos/postfixadmin/postfixadmin/tags', fault: { kind: 'status', status: 500 } });
    await runWatch(deps(), { apps: ['postfixadmin'], force: true });
    const [once] = await testDb.database.db.select().from(watchSources).where(eq(watchSources.appId, 'postfixadmin'));
    const skipped = await runWatch(deps(), { apps: ['postfixadmin'] });
    expect(appResult(skipped, 'postfixadmin').status).toBe('skipped');
    expect(skipped.requests).toBe(0);
    now = new Date(once!.nextAttemptAt!.getTime() + 1000);
    await runWatch(deps(), { apps: ['postfixadmin'] });
    const [twice] = await testDb.database.db.select().from(watchSources).where(eq(watchSources.appId, 'postfixadmin'));
    expect(twice!.consecutiveFailures).toBe(once!.consecutiveFailures + 1);
    expect(twice!.nextAttemptAt!.getTime() - now.getTime()).toBeGreaterThan(once!.nextAttemptAt!.getTime() - once!.lastAttemptAt!.getTime());
    harness.upstream.clearFaults();
    await runWatch(deps(), { apps: ['postfixadmin'], force: true });
    now = pinnedNow;
  });

  it('keeps validators only with the releases they describe', async () => {
    const rows = await testDb.database.db.select().from(httpValidators);
    // One per source, plus the one of friendica's source as the changed catalogue read it.
    const sources = harness.catalog.apps.flatMap((a) => [...a.sources, ...a.supportSources]).length;
    expect(rows.length).toBe(sources + 1);
    expect(rows.every((r) => /#source=[0-9a-f]{12}$/.test(r.url))).toBe(true);
    expect(rows.every((r) => r.etag !== null)).toBe(true);
  });

  it('rejects unknown app ids', async () => {
    await expect(runWatch(deps(), { apps: ['nextcloud', 'owncloud'] })).rejects.toThrow(/unknown app: owncloud/);
  });
});
