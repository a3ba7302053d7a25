// Support dates found by a watch, as the API and `vetted watch` tell them: POST /api/v1/watch
// answers per app which series changed, the change is published, and GET /api/v1/support shows
// upstream's dates (an admin's still winning).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalogPath, loadCatalog } from '../scrapers/catalog.ts';
import type { AppWatchResult, WatchSummary } from '../scrapers/watch/watch-results.ts';
import type { RegistryChange } from '../server/changes.ts';
import { runWatch } from '../server/watch-command.ts';
import type { Watcher } from '../server/watcher.ts';
import type { TestApp } from './helpers/test-app.ts';
import { databaseKinds } from './helpers/test-database.ts';
import type { RecordedUpstream } from './upstream/server.ts';
import { startWatchingApp } from './upstream/watch-harness.ts';

interface SupportAnswer {
  series: Array<{ app: string; series: string; origin: string; source: string; securitySupportEnd: string | null; lts: boolean | null; upstream?: { securitySupportEnd: string | null } }>;
}

describe.each(databaseKinds)('support dates from a watch, through the API, on %s', (kind) => {
  let upstream: RecordedUpstream;
  let app: TestApp;
  const changes: RegistryChange[] = [];
  let world: Awaited<ReturnType<typeof startWatchingApp>>;
  beforeAll(async () => {
    world = await startWatchingApp(kind);
    ({ upstream, app } = world);
    app.deps.changes.subscribe((change) => {
      changes.push(change);
    });
  });
  afterAll(async () => {
    await world.close();
  });

  const watch = async () => {
    const res = await app.request('/api/v1/watch', { method: 'POST', json: { apps: ['php', 'mariadb'] }, token: app.adminToken });
    expect(res.status).toBe(200);
    return (await res.json()) as WatchSummary;
  };
  const support = async (appId: string) => ((await (await app.request(`/api/v1/support?app=${appId}`)).json()) as SupportAnswer).series;

  it('answers which series changed per app, publishes the change, and the support list shows upstream\'s dates', async () => {
    const summary = await watch();
    const php = summary.apps.find((a) => a.app === 'php')!;
    expect([...php.supportChanged].sort()).toEqual(['7.4', '8.1', '8.2', '8.3', '8.4', '8.5', '8.6']);
    expect(php.sources.map((s) => s.key)).toEqual(['0:json', '1:github-tags', 'support:0:php-states']);
    expect(summary.apps.find((a) => a.app === 'mariadb')!.supportChanged).toHaveLength(11);
    expect(changes).toContainEqual({ kind: 'support-changed' });

    const phpSupport = await support('php');
    expect(phpSupport.find((s) => s.series === '8.4')).toMatchObject({ origin: 'upstream', securitySupportEnd: '2028-12-31', lts: null, source: `${upstream.url}/www.php.net/releases/states.php` });
    expect((await support('mariadb')).find((s) => s.series === '11.4')).toMatchObject({ origin: 'upstream', securitySupportEnd: '2029-05-29', lts: true });
  });

  it('publishes nothing about support when upstream answered 304', async () => {
    changes.length = 0;
    const summary = await watch();
    expect(summary.apps.map((a) => [a.app, a.status, a.supportChanged])).toEqual([['php', 'not-modified', []], ['mariadb', 'not-modified', []]]);
    expect(changes).not.toContainEqual({ kind: 'support-changed' });
  });

  it('keeps an admin\'s dates winning after a watch, with upstream\'s shown beside them', async () => {
    const put = await app.request('/api/v1/apps/mariadb/series/10.6/support', { method: 'PUT', json: { securitySupportEnd: '2027-07-06', note: 'extended by the vendor' }, token: app.adminToken });
    expect(put.status).toBe(200);
    await watch();
    expect((await support('mariadb')).find((s) => s.series === '10.6')).toMatchObject({ origin: 'admin', securitySupportEnd: '2027-07-06', upstream: { securitySupportEnd: '2026-07-06' } });
  });
});

describe('vetted watch output', () => {
  const result = (app: string, supportChanged: string[]): AppWatchResult => (
    { app, status: 'unchanged', newVersions: [], newlyInsecure: [], supportChanged, requests: 3, sources: [] }
  );

  it('says per app how many series changed and lists them at the end', async () => {
    const apps = [result('php', ['8.4']), result('mariadb', ['12.3', '12.2', '12.1', '12.0', '11.8', '11.7', '11.4', '11.2', '10.11'])];
    const watcher: Watcher = {
      async runNow(options) {
        apps.forEach((r, index) => options?.onProgress?.({ type: 'app-finished', result: r, index, total: apps.length }));
        return { ran: true, summary: { startedAt: '', finishedAt: '', apps, newReleases: 0, requests: 6 } };
      },
      start() {},
      stop: async () => {},
    };
    let stdout = '';
    const catalog = await loadCatalog(builtInCatalogPath);
    const code = await runWatch(watcher, catalog, [], {}, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } });
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      expect.stringMatching(/^\[ 1\/2\] php\s+nothing new \(3 requests\); support dates changed upstream for 1 series$/),
      expect.stringMatching(/^\[ 2\/2\] mariadb\s+nothing new \(3 requests\); support dates changed upstream for 9 series$/),
      'Nothing new upstream (6 requests).',
      'Support dates changed upstream: php 8.4; mariadb 12.3, 12.2, 12.1, 12.0, 11.8, 11.7, 11.4, 11.2 and 1 more.',
      '',
    ]);
  });
});
