import { hasRun } from '../matrix/registry.ts';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalogPath, loadCatalog, type Catalog } from '../scrapers/catalog.ts';
import { createChangeBus, type ChangeBus } from '../server/changes.ts';
import { bumpChangeSeq } from '../server/db/change-seq.ts';
import { constraints, releases, runComponents, runs } from '../server/db/schema.ts';
import { syncCatalog } from '../server/repositories/apps.ts';
import { runIndexEntry } from '../server/repositories/runs.ts';
import { createRegistryHolder, type RegistryHolder } from '../server/registry/holder.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from './helpers/test-database.ts';

const log = pino({ level: 'silent' });

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(databaseKinds)('the registry holder on %s', (kind) => {
  let testDatabase: TestDatabase;
  let catalog: Catalog;
  let bus: ChangeBus;
  let holder: RegistryHolder;
  // A silent bus: writes that reach this holder neither through its bus nor by NOTIFY.
  const quiet: ChangeBus = { publish: async () => {}, subscribe: () => () => {} };
  let polled: RegistryHolder;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    catalog = await loadCatalog(builtInCatalogPath);
    await syncCatalog(testDatabase.database.db, catalog);
    const { db } = testDatabase.database;
    await db.insert(releases).values([
      { appId: 'nextcloud', version: '29.0.9', origin: 'manual' },
      { appId: 'nextcloud', version: '30.0.2', origin: 'manual' },
      { appId: 'php', version: '8.2.26', origin: 'manual' },
    ]);
    bus = createChangeBus(testDatabase.database, log);
    holder = createRegistryHolder({ database: testDatabase.database, catalog, changes: bus, log, pollMs: 0 });
    polled = createRegistryHolder({ database: { ...testDatabase.database, listen: async () => async () => {} }, catalog, changes: quiet, log, pollMs: 50 });
    await Promise.all([holder.ready(), polled.ready()]);
  });
  afterAll(async () => {
    await holder?.close();
    await polled?.close();
    await testDatabase?.drop();
  });

  it('loads releases at start, sorted by version', () => {
    expect(holder.registry!.apps.get('nextcloud')!.releases.map((r) => r.info.version)).toEqual(['29.0.9', '30.0.2']);
  });

  it('has a write published on its bus before publish returns', async () => {
    const { db } = testDatabase.database;
    const before = holder.revision;
    // Written as the repositories write: bump first, stamp the rows with the new change_seq.
    const runId = await db.transaction(async (tx) => {
      const changeSeq = await bumpChangeSeq(tx);
      const [release] = await tx.select().from(releases).where(and(eq(releases.appId, 'nextcloud'), eq(releases.version, '30.0.2')));
      const testedAt = new Date('2026-11-20T00:00:00Z');
      const [run] = await tx.insert(runs).values({ changeSeq, verdict: 'pass', testedAt, recordedBy: 'test', indexEntry: runIndexEntry('pass', testedAt, [{ releaseId: release!.id, failed: false }]) }).returning();
      await tx.insert(runComponents).values({ runId: run!.id, appId: 'nextcloud', version: '30.0.2', releaseId: release!.id });
      return run!.id;
    });
    // No data with the change: only the catch-up read can bring the run in.
    await bus.publish({ kind: 'runs-added', runs: [] });
    expect(hasRun(holder.registry!, runId)).toBe(true);
    expect(holder.registry!.apps.get('nextcloud')!.byVersion.get('30.0.2')!.runs.map((slot) => holder.registry!.store.ids[slot])).toEqual([runId]);
    expect(holder.revision).toBeGreaterThan(before);
  });

  it('takes what a local write published even when the catch-up read cannot see it', async () => {
    // A run id the database does not have: as if the database went away right after the commit.
    await bus.publish({ kind: 'runs-added', runs: [{ id: 900_001, verdict: 'pass', testedAt: new Date('2026-11-21T00:00:00Z'), components: { nextcloud: '30.0.2' }, failed: null }] });
    expect(hasRun(holder.registry!, 900_001)).toBe(true);
  });

  it('catches up by polling change_seq when no notification arrives', async () => {
    const { db } = testDatabase.database;
    await db.transaction(async (tx) => {
      const changeSeq = await bumpChangeSeq(tx);
      await tx.insert(releases).values({ changeSeq, appId: 'php', version: '8.3.14', origin: 'manual' });
      await tx.update(releases).set({ changeSeq, withdrawn: true, withdrawnReason: 'bad' }).where(and(eq(releases.appId, 'nextcloud'), eq(releases.version, '29.0.9')));
      await tx.update(releases).set({ changeSeq, insecure: true }).where(and(eq(releases.appId, 'nextcloud'), eq(releases.version, '30.0.2')));
      await tx.insert(constraints).values({ id: 7, appId: 'nextcloud', range: '>=30', requiresAppId: 'php', requiresRange: '>=8.3', reason: 'r', createdBy: 'test' });
    });
    await until(() => polled.registry!.constraints.has(7));
    const nextcloud = polled.registry!.apps.get('nextcloud')!;
    expect(nextcloud.byVersion.get('29.0.9')!.info).toMatchObject({ withdrawn: true, withdrawnReason: 'bad', insecure: false });
    expect(nextcloud.byVersion.get('30.0.2')!.info).toMatchObject({ withdrawn: false, insecure: true });
    expect(polled.registry!.apps.get('php')!.releases.map((r) => r.info.version)).toEqual(['8.2.26', '8.3.14']);
    expect(nextcloud.constraints.map((c) => c.id)).toEqual([7]);

    await db.transaction(async (tx) => {
      await tx.delete(constraints).where(eq(constraints.id, 7));
      await bumpChangeSeq(tx);
    });
    await until(() => !polled.registry!.constraints.has(7));
    expect(polled.registry!.apps.get('php')!.constraints).toEqual([]);
  });

  it('ends at the change_seq of the database, like every other instance', async () => {
    await holder.sync();
    await until(() => polled.changeSeq === holder.changeSeq);
    expect(holder.changeSeq).toBeGreaterThan(0);
  });
});
