// Vitest's global setup: one empty, migrated embedded database for the whole run, which tests copy
// instead of initialising PostgreSQL anew (PGlite takes about 5 s for that, dozens of times a run):
// - as PGlite's dump, which each test file's in-memory database starts from (test-database.ts);
// - as a data folder, which a spawned `vetted` is given as its DATA_DIR (spawn-vetted.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { pgliteDump } from '../../server/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** File of the migrated database's dump. */
    pgliteDumpFile: string;
    /** Data folder of the migrated database: copy it, never open it. */
    pgliteDataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(path.join(tmpdir(), 'vetted-pglite-template-'));
  const dump = await pgliteDump();
  const dumpFile = path.join(folder, 'migrated.tar');
  await writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()));
  const dataDir = path.join(folder, 'data');
  const client = await PGlite.create(dataDir, { loadDataDir: dump });
  await client.close();
  project.provide('pgliteDumpFile', dumpFile);
  project.provide('pgliteDataDir', dataDir);
  return () => rm(folder, { recursive: true, force: true });
}
