// Opens what every command needs: configuration, catalogue, database (migrated), catalogue synced.
import pRetry, { AbortError } from 'p-retry';
import { builtInCatalogPath, loadCatalog, type Catalog } from '../scrapers/catalog.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import { openDatabase, type Database } from './db/database.ts';
import type { Config } from './env.ts';
import type { Logger } from './logger.ts';
import { syncCatalog } from './repositories/apps.ts';
import { StartupError } from './startup-error.ts';

export { StartupError };

export interface Services {
  catalog: Catalog;
  database: Database;
}

// A database that is still starting (a fresh container, a restart) gets about 15 s.
const connectAttempts = 5;

export async function openServices(config: Config, log: Logger, options: { migrate: boolean } = { migrate: true }): Promise<Services> {
  const catalog = await loadCatalog(config.catalogPath ?? builtInCatalogPath);
  const where = config.databaseUrl ? redactUrl(config.databaseUrl) : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  const database = await pRetry(
    async () => {
      const opened = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }).catch((error: unknown) => {
        // Waiting longer will not free a folder another process holds open.
        throw error instanceof DataDirInUseError ? new AbortError(error) : error;
      });
      try {
        await opened.ping(5000);
        return opened;
      } catch (error) {
        await opened.close().catch(() => {});
        throw error;
      }
    },
    {
      retries: connectAttempts - 1,
      minTimeout: 500,
      factor: 2,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft > 0) log.warn({ attempt: attemptNumber, err: error.message }, 'database not reachable yet; retrying');
      },
    },
  ).catch((error: unknown) => {
    if (error instanceof DataDirInUseError) throw new StartupError(error.message);
    throw new StartupError(`cannot open the database (${where}) after ${connectAttempts} attempts: ${(error as Error).message}`);
  });
  if (options.migrate) {
    try {
      await database.migrate();
    } catch (error) {
      await database.close().catch(() => {});
      throw new StartupError(`cannot apply migrations to ${where}: ${(error as Error).message}`);
    }
    await syncCatalog(database.db, catalog);
  }
  log.info({ database: database.kind, where, apps: catalog.apps.length }, 'database ready');
  return { catalog, database };
}

/** A database URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}
