// The benchmark registry (generate.ts) written into a database, straight into its tables.
import { sql } from 'drizzle-orm';
import type { Catalog } from '../../scrapers/catalog.ts';
import type { Db } from '../../server/db/database.ts';
import { bumpChangeSeq } from '../../server/db/change-seq.ts';
import { constraints, releases, runComponents, runs } from '../../server/db/schema.ts';
import { syncCatalog } from '../../server/repositories/apps.ts';
import { runIndexEntry } from '../../server/repositories/runs.ts';
import { benchCatalog, benchConstraints, benchRuns, benchSize, benchVersions, fixedInventory, type BenchSize } from './generate.ts';

export { benchSize, type BenchSize } from './generate.ts';

// Rows per INSERT: 5 columns × 2000 stays far below PostgreSQL's 65535 bind parameters.
const rowsPerInsert = 2000;

export interface Seeded {
  catalog: Catalog;
  versions: string[];
  components: number;
}

export async function seedBench(db: Db, size: BenchSize = benchSize, onProgress?: (runs: number) => void): Promise<Seeded> {
  const catalog = benchCatalog(size);
  await syncCatalog(db, catalog);
  const versions = benchVersions(size.releasesPerApp);
  const releaseIds = new Map<string, number>();
  for (const app of catalog.apps) {
    const inserted = await db
      .insert(releases)
      .values(versions.map((version, i) => ({ appId: app.id, version, origin: 'bench', publishedAt: new Date(Date.UTC(2025, 0, 1) + i * 86_400_000) })))
      .returning({ id: releases.id, version: releases.version });
    for (const row of inserted) releaseIds.set(`${app.id}@${row.version}`, row.id);
  }
  let runRows: Array<typeof runs.$inferInsert> = [];
  let componentRows: Array<typeof runComponents.$inferInsert> = [];
  let components = 0;
  const flush = async () => {
    if (runRows.length > 0) await db.insert(runs).values(runRows);
    for (let start = 0; start < componentRows.length; start += rowsPerInsert) await db.insert(runComponents).values(componentRows.slice(start, start + rowsPerInsert));
    runRows = [];
    componentRows = [];
  };
  for (const run of benchRuns(catalog, versions, size.runs)) {
    const rows = run.components.map(([appId, version]) => ({ runId: run.id, appId, version, releaseId: releaseIds.get(`${appId}@${version}`)!, failed: false }));
    const testedAt = new Date(run.testedAtMs);
    runRows.push({ id: run.id, verdict: run.verdict, testedAt, recordedBy: 'bench', indexEntry: runIndexEntry(run.verdict, testedAt, rows) });
    componentRows.push(...rows);
    components += run.components.length;
    if (runRows.length === rowsPerInsert) {
      await flush();
      onProgress?.(run.id);
    }
  }
  await flush();
  // Ids were given explicitly; later runs take theirs from the sequence.
  await db.execute(sql`select setval(pg_get_serial_sequence('runs', 'id'), (select max(id) from runs))`);
  await db.insert(constraints).values(benchConstraints.map((c) => ({ ...c, createdBy: 'bench' })));
  await bumpChangeSeq(db);
  return { catalog, versions, components };
}

/** Ten of the apps, installed where the suite stood in the middle of the year. */
export function benchInventory(seeded: Seeded): Record<string, string> {
  return fixedInventory(seeded.catalog, seeded.versions);
}

/**
 * `count` distinct inventories of `apps` apps, each where the suite stood on one day of the year
 * (app i at the release i after the day's), spread over the whole year.
 */
export function benchInventories(seeded: Seeded, count: number, apps = 15): Array<Record<string, string>> {
  const inventories: Array<Record<string, string>> = [];
  const span = seeded.versions.length - apps;
  for (let k = 0; k < count; k++) {
    const base = Math.floor((k * span) / count);
    const installed: Record<string, string> = {};
    for (const [i, app] of seeded.catalog.apps.slice(0, apps).entries()) installed[app.id] = seeded.versions[base + i]!;
    inventories.push(installed);
  }
  return inventories;
}
