// Only one watch runs at a time: across instances sharing a PostgreSQL (advisory lock), and within
// one process on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExclusiveWatch } from '../scrapers/watch/watch-run.ts';
import type { ExclusiveLock, WatchStore } from '../scrapers/watch/watch-store.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { syncCatalog } from '../server/repositories/apps.ts';
import { createWatchStore } from '../server/repositories/watch-store.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from './helpers/test-database.ts';
import { pinnedNow, startWatchHarness, testPolicy, type WatchHarness } from './upstream/watch-harness.ts';

describe.each(databaseKinds)('the watch lock on %s', (kind) => {
  let harness: WatchHarness;
  let testDb: TestDatabase;
  let second: Database;

  beforeAll(async () => {
    harness = await startWatchHarness();
    testDb = await createTestDatabase(kind);
    await syncCatalog(testDb.database.db, harness.catalog);
    // A second instance: its own pool on the same PostgreSQL; on PGlite the same embedded database.
    second = testDb.url ? await openDatabase({ url: testDb.url, dataDir: null }) : testDb.database;
  });
  afterAll(async () => {
    if (second !== testDb.database) await second.close();
    await harness.close();
    await testDb.drop();
  });

  it('lets only one of two instances watch at the same time', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const firstRequest = new Promise<void>((resolve) => (started = resolve));
    const slowFetch: typeof fetch = async (input, init) => {
      started();
      await gate;
      return fetch(input, init);
    };
    // Each instance hands the watch its own store and its own database's lock.
    const instance = (database: Database): [WatchStore, ExclusiveLock] => [
      createWatchStore(database.db),
      (key, fn) => database.withExclusiveLock(key, fn),
    ];
    const [firstStore, firstLock] = instance(testDb.database);
    const [secondStore, secondLock] = instance(second);
    const deps = { catalog: harness.catalog, settings: harness.settings, now: () => pinnedNow, log: harness.log, httpPolicy: { ...testPolicy, timeoutMs: 30_000 } };
    const one = runExclusiveWatch(firstLock, { ...deps, store: firstStore, baseFetch: slowFetch }, { apps: ['debian'] });
    await firstRequest;
    const two = await runExclusiveWatch(secondLock, { ...deps, store: secondStore }, { apps: ['debian'] });
    expect(two).toEqual({ ran: false });
    release();
    const done = await one;
    expect(done.ran).toBe(true);
    // Once the first has finished, the lock is free again.
    const three = await runExclusiveWatch(secondLock, { ...deps, store: secondStore }, { apps: ['debian'] });
    expect(three.ran).toBe(true);
  });
});
