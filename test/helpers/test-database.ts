// Every test file runs on embedded PGlite, and also on PostgreSQL when TEST_DATABASE_URL is set:
// each file gets its own fresh database on that server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.ts';

export type DatabaseKind = 'pglite' | 'postgres';

const serverUrl = process.env.TEST_DATABASE_URL || null;

/** The databases this run covers. */
export const databaseKinds: DatabaseKind[] = serverUrl ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  database: Database;
  /** postgres://… of the fresh database; null on PGlite. */
  url: string | null;
  /** Closes and, on PostgreSQL, drops the database. */
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl! });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let migratedDump: Promise<Blob> | null = null;

/** The migrated database the global setup dumped (pglite-template.setup.ts), read once per worker. */
function pgliteStart(): Promise<Blob> {
  migratedDump ??= readFile(inject('pgliteDumpFile')).then((bytes) => new Blob([bytes]));
  return migratedDump;
}

/** A fresh database with every migration applied. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ url: null, dataDir: null, from: await pgliteStart() });
    await database.migrate();
    return { database, url: null, drop: () => database.close() };
  }
  const name = `vetted_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), dataDir: null });
  await database.migrate();
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
