// What a caller could once get stored must not spoil the registry for everyone (issue 11): huge
// version numbers are refused, rows an older vetted stored cannot make a page or a list fail,
// and dates are read back exactly as stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { releases, runs } from '../server/db/schema.ts';
import { createRegistryHolder } from '../server/registry/holder.ts';
import { runCount, type Registry } from '../matrix/registry.ts';
import { loadRegistry } from '../server/registry/load.ts';
import { runIndexEntry } from '../server/repositories/runs.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

describe.each(databaseKinds)('stored data on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  function addRelease(app: string, body: unknown) {
    return t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: body });
  }

  it.each(['1.0.0-rc.1000000000000000000000', '3.0.0-rc.9007199254740993', '9007199254740993.0.0', '1.0.0-p99999999999999999'])(
    'refuses the version %s with 422 naming body.version',
    async (version) => {
      const res = await addRelease('roundpin', { version });
      expect(res.status).toBe(422);
      const { error } = (await res.json()) as { error: { details: Array<{ path: string }> } };
      expect(error.details.map((d) => d.path)).toContain('body.version');
    },
  );

  it('keeps the release list, the app page and the index working around a row whose version cannot be read', async () => {
    // What an older vetted stored for 1.0.0-rc.1000000000000000000000.
    await t.deps.database.db.insert(releases).values({ appId: 'roundpin', version: '1.0.0-rc.1e+21', origin: 'manual', prerelease: true });
    expect((await addRelease('roundpin', { version: '1.0.0' })).status).toBe(201);
    expect((await addRelease('roundpin', { version: '1.1.0' })).status).toBe(201);

    const list = await t.request('/api/v1/apps/roundpin/releases?includePrereleases=true');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { releases: Array<{ version: string }> }).releases.map((r) => r.version)).toEqual(['1.1.0', '1.0.0']);
    expect((await t.request('/apps/roundpin?includePrereleases=true')).status).toBe(200);
    expect((await t.request('/')).status).toBe(200);
    expect((await t.request('/api/v1/check?roundpin=1.0.0')).status).toBe(200);

    // A fresh index (a restart) loads around it too.
    const { database, catalog, changes, log } = t.deps;
    const holder = createRegistryHolder({ database, catalog, changes, log, pollMs: 0 });
    const registry = await holder.ready();
    expect(registry.apps.get('roundpin')!.releases.map((r) => r.info.version)).toEqual(['1.0.0', '1.1.0']);
    await holder.close();
  });

  it.each(['0049-06-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '-000044-03-15T12:00:00.000Z', '1999-12-31T23:59:59.999Z', '2026-11-25T10:00:00.123Z'])(
    'reads the date %s back exactly as it was written',
    async (iso) => {
      const { db } = t.deps.database;
      const [written] = await db.insert(runs).values({ verdict: 'pass', testedAt: new Date(iso), recordedBy: 'test', indexEntry: runIndexEntry('pass', new Date(iso), []) }).returning();
      expect(written!.testedAt.toISOString()).toBe(iso);
      const [read] = await db.select().from(runs).where(eq(runs.id, written!.id));
      expect(read!.testedAt.toISOString()).toBe(iso);
      // Compared in SQL with the same value: the database holds what was written.
      const [same] = await db.select({ id: runs.id }).from(runs).where(eq(runs.testedAt, new Date(iso)));
      expect(same?.id).toBe(written!.id);
    },
  );

  it('loads the whole registry the same in chunks of any size', async () => {
    expect((await addRelease('php', { version: '8.2.26' })).status).toBe(201);
    for (const notes of ['a', 'b', 'c']) {
      const res = await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: { components: { roundpin: '1.0.0', php: '8.2.26' }, verdict: 'pass', notes } });
      expect(res.status, await res.text()).toBe(201);
    }
    const whole = await loadRegistry(t.deps.database, t.deps.catalog);
    const chunked = await loadRegistry(t.deps.database, t.deps.catalog, 2);
    const runsOf = (registry: Registry, appId: string, version: string) => registry.apps.get(appId)!.byVersion.get(version)!.runs.map((slot) => registry.store.ids[slot]);
    expect(runCount(chunked.registry)).toBe(runCount(whole.registry));
    expect(runsOf(chunked.registry, 'php', '8.2.26')).toEqual(runsOf(whole.registry, 'php', '8.2.26'));
    expect(runsOf(whole.registry, 'php', '8.2.26')).toHaveLength(3);
  });
});
