// The one place that knows which PostgreSQL runs: pg when a URL is given, embedded PGlite otherwise.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { listenWithReconnect } from './pg-listener.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Throws when the database does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  /** Applies migrations/ (serialised across instances). */
  migrate(): Promise<void>;
  /**
   * Runs fn while holding a session advisory lock, so only one instance sharing the database
   * does it; returns `{ locked: false }` at once when another holds it.
   */
  withExclusiveLock<T>(key: number, fn: () => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }>;
  /**
   * Runs fn in one repeatable-read, read-only transaction whose queries answer rows as arrays: the
   * index's bulk load at start-up (a million rows as objects would cost seconds and gigabytes). On
   * PostgreSQL it has a connection of its own, without the deadlines of request queries.
   */
  readSnapshot<T>(fn: (query: ArrayQuery) => Promise<T>): Promise<T>;
  /**
   * Calls onNotify on every NOTIFY of channel from any instance, and once after listening again on
   * a lost connection (notifications meanwhile are lost); returns a function that stops listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  notify(channel: string): Promise<void>;
  close(): Promise<void>;
}

/** A query answering its rows as arrays of column values, in select order. */
export type ArrayQuery = (text: string, params?: unknown[]) => Promise<unknown[][]>;

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

// Any constant works, as long as every instance uses the same one (pg_advisory_lock docs).
const migrationLockKey = 0x76657474;

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL; null for embedded PGlite. */
  url: string | null;
  /** Folder of the embedded database; null keeps it in memory (tests). */
  dataDir: string | null;
  /**
   * In memory only: the files to start from, as pgliteDump made them, instead of initialising an
   * empty database (which costs PGlite about 5 s; tests make dozens).
   */
  from?: Blob;
  /**
   * Called when another process took the embedded database's lock from this one (data-dir-lock.ts);
   * default: print the message as one line and exit 1 at once.
   */
  onLockLost?: (message: string) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir, options.onLockLost ?? stopProcess, options.from);
}

/** An empty embedded database with every migration applied, as files to start others from (DatabaseOptions.from). */
export async function pgliteDump(): Promise<Blob> {
  const client = await PGlite.create();
  try {
    await applyMigrations(client);
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
}

function applyMigrations(client: PGlite): Promise<void> {
  return migratePglite(drizzlePglite(client), { migrationsFolder });
}

// The process holding PGlite's files must not write them once another may: stop it at once,
// without closing PGlite (closing writes a checkpoint), with one line for the operator.
function stopProcess(message: string): void {
  process.stderr.write(`vetted: ${message}\n`);
  process.exit(1);
}

async function openPglite(dataDir: string | null, onLockLost: (message: string) => void, from?: Blob): Promise<Database> {
  if (dataDir && from) throw new Error('a database in a folder cannot start from a dump');
  let lock: DataDirLock | null = null;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    lock = await lockDataDir(dataDir, onLockLost);
  }
  let client: PGlite;
  try {
    client = dataDir ? await PGlite.create(dataDir) : await PGlite.create(from ? { loadDataDir: from } : {});
  } catch (error) {
    await lock?.release().catch(() => {});
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  // PGlite is one connection in this process: a promise chain stands in for the advisory lock.
  let held = false;
  return {
    db,
    kind: 'pglite',
    async ping(timeoutMs = 1000) {
      await withTimeout(client.query('select 1'), timeoutMs);
    },
    async migrate() {
      await applyMigrations(client);
    },
    async withExclusiveLock(_key, fn) {
      if (held) return { locked: false };
      held = true;
      try {
        return { locked: true, value: await fn() };
      } finally {
        held = false;
      }
    },
    async readSnapshot(fn) {
      return client.transaction(async (tx) => {
        await tx.exec('set transaction isolation level repeatable read read only');
        return fn(async (text, params) => (await tx.query<unknown[]>(text, params ?? [], { rowMode: 'array' })).rows);
      });
    },
    async listen(channel, onNotify) {
      const unsubscribe = await client.listen(channel, onNotify);
      return unsubscribe;
    },
    async notify(channel) {
      await client.query(`notify ${channel}`);
    },
    async close() {
      if (!client.closed) await client.close();
      await lock?.release().catch(() => {});
      lock = null;
    },
  };
}

// A server that stops answering (a hung host, SIGSTOP) keeps its connections open, so only
// deadlines tell it from a slow one; these let every request answer within a few seconds, with a
// 503, while it does not respond (issue 11). A request's queries take milliseconds; the
// whole-registry read at start-up is split into queries of bounded size (server/registry/load.ts).
const connectTimeoutMs = 2000;
/** The driver gives up on a query after this and reports the database unavailable. */
const queryTimeoutMs = 2000;
/** The server cancels a statement running this long (one the client gave up on, or a runaway). */
const statementTimeoutMs = 10_000;

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Waiting for a free connection counts against this too, so a pool held by a hung server fails fast.
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: queryTimeoutMs,
    statement_timeout: statementTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  // A client losing its server emits 'error', idle or checked out (between the statements of a
  // transaction); without a handler that kills the process. The failed query reports it instead.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const listeners = new Set<() => Promise<void>>();
  let closed = false;
  const database: Database = {
    db,
    kind: 'postgres',
    async ping(timeoutMs = 1000) {
      await withTimeout(pool.query('select 1'), timeoutMs);
    },
    async migrate() {
      // A connection of its own, without the request deadlines: waiting for another instance's
      // migrations, or building an index, may rightly take longer.
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
      client.on('error', () => {});
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
        try {
          await migratePg(drizzlePg(client), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [migrationLockKey]);
        }
      } finally {
        await client.end().catch(() => {});
      }
    },
    async withExclusiveLock(key, fn) {
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key]);
        if (!rows[0]?.locked) return { locked: false };
        try {
          return { locked: true, value: await fn() };
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
        }
      } finally {
        client.release();
      }
    },
    async readSnapshot(fn) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      client.on('error', () => {});
      await client.connect();
      try {
        await client.query('begin isolation level repeatable read read only');
        const value = await fn(async (text, params) => (await client.query<unknown[]>({ text, values: params ?? [], rowMode: 'array' })).rows);
        await client.query('commit');
        return value;
      } finally {
        await client.end().catch(() => {});
      }
    },
    async listen(channel, onNotify) {
      const stop = await listenWithReconnect({ url, channel, onNotify });
      listeners.add(stop);
      return async () => {
        listeners.delete(stop);
        await stop();
      };
    },
    async notify(channel) {
      await db.execute(sql.raw(`notify ${channel}`));
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
  return database;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
