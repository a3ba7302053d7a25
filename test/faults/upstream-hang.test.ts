// An upstream that accepts connections and never answers: the watch waits for its timeouts, and
// meanwhile the API, the page and the feeds answer as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalogPath, loadCatalog } from '../../scrapers/catalog.ts';
import { createWatcher } from '../../server/watcher.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { pointCatalogAt } from '../upstream/point-catalog.ts';
import { startRecordedUpstream, type RecordedUpstream } from '../upstream/server.ts';
import { testPolicy } from '../upstream/watch-harness.ts';

describe('a hanging upstream', () => {
  let upstream: RecordedUpstream;
  let app: TestApp;
  beforeAll(async () => {
    upstream = await startRecordedUpstream();
    const catalog = pointCatalogAt(await loadCatalog(builtInCatalogPath), upstream.url);
    app = await startTestApp('pglite', {
      catalog,
      customize(deps) {
        const config = { ...deps.config, githubApiUrl: upstream.url };
        return { ...deps, config, watcher: createWatcher({ ...deps, config, httpPolicy: { ...testPolicy, timeoutMs: 3000, retries: 1 } }) };
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await upstream?.close();
  });

  it('never blocks the API while a watch waits on it', async () => {
    upstream.inject({ path: /.*/, fault: { kind: 'hang' } });
    let watchDone = false;
    const watch = app.request('/api/v1/watch', { method: 'POST', token: app.adminToken, json: { apps: ['debian', 'php'] } }).then(async (res) => {
      watchDone = true;
      return res;
    });
    // Let the watch reach the upstream and block there.
    for (let i = 0; i < 50 && upstream.requests.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(upstream.requests.length).toBeGreaterThan(0);

    for (const path of ['/api/v1/health', '/api/v1/apps', '/api/v1/check?php=8.2.18&debian=12.5', '/', '/feed.xml']) {
      const res = await app.request(path);
      expect(res.status, path).toBeLessThan(400);
      expect(watchDone, `${path} answered only after the watch ended`).toBe(false);
    }

    const res = await watch;
    upstream.clearFaults();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { apps: Array<{ app: string; status: string }> };
    expect(body.apps.map((a) => a.status)).toEqual(['failed', 'failed']);
  }, 60_000);
});
