// A registry of benchmark size: 16 apps × 300 releases, 20,000 runs of whole suite configurations
// as testers record them (each app moving forward over the year), and a few constraints.
import { sql } from 'drizzle-orm';
import { parseCatalog, type Catalog } from '../../scrapers/catalog.ts';
import type { Db } from '../../server/db/database.ts';
import { bumpChangeSeq } from '../../server/db/change-seq.ts';
import { constraints, releases, runComponents, runs } from '../../server/db/schema.ts';
import { syncCatalog } from '../../server/repositories/apps.ts';

export interface BenchSize {
  apps: number;
  releasesPerApp: number;
  runs: number;
}

export const benchSize: BenchSize = { apps: 16, releasesPerApp: 300, runs: 20_000 };

/** Deterministic, so every bench run measures the same registry. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchCatalog(size: BenchSize): Catalog {
  const apps = [];
  for (let i = 1; i <= size.apps; i++) {
    apps.push({
      id: `app${String(i).padStart(2, '0')}`,
      name: `App ${i}`,
      kind: i > size.apps - 3 ? 'platform' : 'app',
      homepage: `https://app${i}.example/`,
      // Like the real catalogue: some apps decide compatibility by major, most by major.minor.
      series: i % 4 === 0 ? 1 : 2,
      policy: i % 5 === 0 ? { maxMajorStep: 1 } : {},
    });
  }
  return parseCatalog({ apps }, 'bench');
}

/** 10 majors × 6 minors × 5 patches = 300 versions, oldest first. */
export function benchVersions(count: number): string[] {
  const versions: string[] = [];
  for (let major = 1; versions.length < count; major++) {
    for (let minor = 0; minor < 6 && versions.length < count; minor++) {
      for (let patch = 0; patch < 5 && versions.length < count; patch++) versions.push(`${major}.${minor}.${patch}`);
    }
  }
  return versions;
}

// Rows per INSERT: 4 columns × 2000 stays far below PostgreSQL's 65535 bind parameters.
const rowsPerInsert = 2000;

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += rowsPerInsert) await insert(rows.slice(start, start + rowsPerInsert));
}

export interface Seeded {
  catalog: Catalog;
  versions: string[];
  components: number;
}

export async function seedBench(db: Db, size: BenchSize = benchSize): Promise<Seeded> {
  const next = random(20261125);
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
  const start = Date.UTC(2025, 0, 1);
  const year = 365 * 86_400_000;
  const runRows: Array<typeof runs.$inferInsert> = [];
  const componentRows: Array<typeof runComponents.$inferInsert> = [];
  for (let id = 1; id <= size.runs; id++) {
    const t = id / size.runs;
    runRows.push({ id, verdict: next() < 0.8 ? 'pass' : 'fail', testedAt: new Date(start + t * year), recordedBy: 'bench' });
    // A run tests 6 to 12 apps, each near where the suite stood at that time.
    const count = 6 + Math.floor(next() * 7);
    const chosen = [...catalog.apps].sort(() => next() - 0.5).slice(0, count);
    for (const app of chosen) {
      const index = Math.min(versions.length - 1, Math.max(0, Math.round(t * versions.length + (next() - 0.5) * 20)));
      const version = versions[index]!;
      componentRows.push({ runId: id, appId: app.id, version, releaseId: releaseIds.get(`${app.id}@${version}`)! });
    }
  }
  await insertChunks(runRows, (chunk) => db.insert(runs).values(chunk));
  await insertChunks(componentRows, (chunk) => db.insert(runComponents).values(chunk));
  // Ids were given explicitly; later runs take theirs from the sequence.
  await db.execute(sql`select setval(pg_get_serial_sequence('runs', 'id'), (select max(id) from runs))`);
  await db.insert(constraints).values([
    { appId: 'app01', range: '>=8.0.0', requiresAppId: 'app16', requiresRange: '>=7.0.0', reason: 'app01 8 needs app16 7', createdBy: 'bench' },
    { appId: 'app02', range: '<3.0.0', requiresAppId: 'app15', requiresRange: '<9.0.0', reason: 'app02 before 3 stops at app15 8', createdBy: 'bench' },
    { appId: 'app03', range: '^6.2.0', requiresAppId: 'app14', requiresRange: '>=5.3.0', reason: 'app03 6.2 needs app14 5.3', createdBy: 'bench' },
  ]);
  await bumpChangeSeq(db);
  return { catalog, versions, components: componentRows.length };
}

/** Ten of the apps, installed where the suite stood in the middle of the year. */
export function benchInventory(seeded: Seeded): Record<string, string> {
  const installed: Record<string, string> = {};
  for (const [i, app] of seeded.catalog.apps.slice(0, 10).entries()) installed[app.id] = seeded.versions[140 + i]!;
  return installed;
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
