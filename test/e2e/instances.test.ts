// Two `vetted serve` processes on one PostgreSQL, sharing no memory: one watch at a time across
// both, and a run recorded through one is in the other's advice straight away.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalogPath, loadCatalog } from '../../scrapers/catalog.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/test-database.ts';
import { startService, type RunningService } from '../helpers/spawn-vetted.ts';
import { pointCatalogAt } from '../upstream/point-catalog.ts';
import { startRecordedUpstream, type RecordedUpstream } from '../upstream/server.ts';

const adminToken = 'instances-admin-token-0123456789';
const onPostgres = databaseKinds.includes('postgres');

describe.runIf(onPostgres)('two instances on one PostgreSQL', () => {
  let upstream: RecordedUpstream;
  let testDatabase: TestDatabase;
  let a: RunningService;
  let b: RunningService;

  beforeAll(async () => {
    upstream = await startRecordedUpstream();
    const dir = await mkdtemp(path.join(tmpdir(), 'vetted-instances-'));
    const catalogPath = path.join(dir, 'catalog.json');
    await writeFile(catalogPath, JSON.stringify(pointCatalogAt(await loadCatalog(builtInCatalogPath), upstream.url)));
    testDatabase = await createTestDatabase('postgres');
    await testDatabase.database.close();
    const env = {
      DATABASE_URL: testDatabase.url!, VETTED_CATALOG: catalogPath, GITHUB_API_URL: upstream.url,
      VETTED_ADMIN_TOKEN: adminToken, LOG_LEVEL: 'info',
      // Every second, so both instances compete for every tick.
      WATCH_SCHEDULE: '* * * * * *',
    };
    [a, b] = await Promise.all([startService(env), startService(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await testDatabase?.drop();
    await upstream?.close();
  });

  it('runs one watch at a time across both: every upstream list is read in full once', async () => {
    const finished = () => (a.output() + b.output()).split('\n').filter((line) => line.includes('scheduled watch finished')).length;
    for (let i = 0; i < 200 && finished() < 4; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(finished()).toBeGreaterThanOrEqual(4);
    const full = new Map<string, number>();
    for (const request of upstream.requests) {
      if (request.conditional || request.status !== 200) continue;
      const key = `${request.path}?${request.query}`;
      full.set(key, (full.get(key) ?? 0) + 1);
    }
    const readTwice = [...full].filter(([, count]) => count > 1);
    expect(readTwice).toEqual([]);
    expect(full.size).toBeGreaterThan(10);
    const skipped = (a.output() + b.output()).split('\n').filter((line) => line.includes('watch skipped')).length;
    const ranOn = [a, b].map((service) => service.output().split('\n').filter((line) => line.includes('scheduled watch finished')).length);
    console.info(`watches finished per instance: ${ranOn.join(' and ')}; ticks skipped because the other held the lock: ${skipped}; ${upstream.requests.length} upstream requests, ${full.size} full reads`);
    const releases = (await (await fetch(`${b.baseUrl}/api/v1/apps/php/releases?limit=5`)).json()) as { releases: unknown[] };
    expect(releases.releases.length).toBe(5);
  }, 60_000);

  it("reflects a run recorded through one instance in the other's advice at once", async () => {
    const post = (base: string, p: string, body: unknown) =>
      fetch(`${base}${p}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const [app, version] of [['suite-panel', '1.0.0'], ['suite-panel', '1.1.0'], ['roundpin', '2.0.0']] as const) {
      expect((await post(a.baseUrl, `/api/v1/apps/${app}/releases`, { version })).status).toBe(201);
    }
    const check = async () => {
      const res = await fetch(`${b.baseUrl}/api/v1/check?suite-panel=1.0.0&roundpin=2.0.0`);
      const advice = (await res.json()) as { apps: Array<{ app: string; latestSafe: string | null }> };
      return advice.apps.find((entry) => entry.app === 'suite-panel')?.latestSafe ?? null;
    };
    expect(await check()).toBeNull();
    expect((await post(a.baseUrl, '/api/v1/runs', { components: { 'suite-panel': '1.1.0', roundpin: '2.0.0' }, verdict: 'pass' })).status).toBe(201);
    const recorded = performance.now();
    let seen: string | null = null;
    let attempts = 0;
    while (seen === null && attempts < 100) {
      attempts += 1;
      seen = await check();
      if (seen === null) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    console.info(`instance B showed the run recorded through A after ${attempts} check(s), ${Math.round(performance.now() - recorded)} ms`);
    expect(seen).toBe('1.1.0');
  }, 30_000);
});
