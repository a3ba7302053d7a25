// The scheduled watcher: polls on WATCH_SCHEDULE, never two watches at once, stops cleanly.
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalogPath, loadCatalog, type Catalog } from '../scrapers/catalog.ts';
import { createChangeBus, type RegistryChange } from '../server/changes.ts';
import { releases } from '../server/db/schema.ts';
import { parseEnv } from '../server/env.ts';
import { syncCatalog } from '../server/repositories/apps.ts';
import { createWatcher } from '../server/watcher.ts';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.ts';
import { pointCatalogAt } from './upstream/point-catalog.ts';
import { startRecordedUpstream, type RecordedUpstream } from './upstream/server.ts';
import { testPolicy } from './upstream/watch-harness.ts';

async function countReleases(db: TestDatabase['database']['db'], appId?: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(releases).where(appId ? and(eq(releases.appId, appId)) : undefined);
  return row?.n ?? 0;
}

describe('the scheduled watcher', () => {
  let upstream: RecordedUpstream;
  let testDb: TestDatabase;
  let catalog: Catalog;

  beforeAll(async () => {
    upstream = await startRecordedUpstream();
    testDb = await createTestDatabase('pglite');
    const full = pointCatalogAt(await loadCatalog(builtInCatalogPath), upstream.url);
    catalog = { apps: full.apps.filter((app) => ['debian', 'friendica'].includes(app.id)) };
    await syncCatalog(testDb.database.db, catalog);
  });
  afterAll(async () => {
    await upstream.close();
    await testDb.drop();
  });

  function watcherWith(schedule: string) {
    const log = pino({ level: 'silent' });
    const config = { ...parseEnv({ WATCH_SCHEDULE: schedule }), githubApiUrl: upstream.url };
    const changes = createChangeBus(testDb.database, log);
    const published: RegistryChange[] = [];
    changes.subscribe((change) => void published.push(change));
    const watcher = createWatcher({ config, database: testDb.database, catalog, log, clock: { now: () => new Date() }, changes, httpPolicy: testPolicy });
    return { watcher, published };
  }

  it('polls on its schedule and publishes what it stored', async () => {
    // node-cron's optional seconds field: every second.
    const { watcher, published } = watcherWith('* * * * * *');
    watcher.start();
    const deadline = Date.now() + 10_000;
    while ((await countReleases(testDb.database.db)) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await watcher.stop();
    expect(await countReleases(testDb.database.db, 'debian')).toBe(4);
    expect(published).toContainEqual({ kind: 'releases-watched', appIds: ['friendica', 'debian'] });
  });

  it('does not start a second watch while one is running', async () => {
    const { watcher } = watcherWith('off');
    upstream.inject({ path: '/www.debian.org/releases/', fault: { kind: 'hang' }, times: 1 });
    const first = watcher.runNow();
    await new Promise((r) => setTimeout(r, 50));
    expect(await watcher.runNow()).toEqual({ ran: false });
    expect((await first).ran).toBe(true);
    upstream.clearFaults();
  });

  it('does nothing on start when the schedule is off', async () => {
    const { watcher } = watcherWith('off');
    upstream.clearLog();
    watcher.start();
    await new Promise((r) => setTimeout(r, 1200));
    await watcher.stop();
    expect(upstream.requests).toHaveLength(0);
  });
});
