// PostgreSQL restarted under a running instance: it LISTENs again, so a write made through
// another instance reaches its index by NOTIFY, with the 5-second poll turned off (issue 11).
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalogPath, loadCatalog, type Catalog } from '../../scrapers/catalog.ts';
import { createChangeBus } from '../../server/changes.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { createRegistryHolder, type RegistryHolder } from '../../server/registry/holder.ts';
import { syncCatalog } from '../../server/repositories/apps.ts';
import { writtenRelease } from '../../server/registry/load.ts';
import { addRelease } from '../../server/repositories/releases.ts';
import { createOwnPostgres, type OwnPostgres } from '../helpers/own-postgres.ts';

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('LISTEN after a PostgreSQL restart', () => {
  let postgres: OwnPostgres | null;
  let catalog: Catalog;
  let listening: Database;
  let writing: Database;
  let holder: RegistryHolder;
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    postgres = await createOwnPostgres();
    if (!postgres) return;
    await postgres.start();
    catalog = await loadCatalog(builtInCatalogPath);
    listening = await openDatabase({ url: postgres.url, dataDir: null });
    await listening.migrate();
    await syncCatalog(listening.db, catalog);
    writing = await openDatabase({ url: postgres.url, dataDir: null });
    // No poll: only a NOTIFY can tell this instance of the other one's write.
    holder = createRegistryHolder({ database: listening, catalog, changes: createChangeBus(listening, log), log, pollMs: 0 });
    await holder.ready();
  }, 120_000);
  afterAll(async () => {
    await holder?.close();
    await listening?.close();
    await writing?.close();
    await postgres?.destroy();
  });

  async function listenSessions(): Promise<number> {
    const { rows } = (await writing.db.execute("select count(*)::int as n from pg_stat_activity where query ilike 'listen %'")) as unknown as { rows: Array<{ n: number }> };
    return rows[0]!.n;
  }

  async function writeElsewhere(version: string): Promise<void> {
    const app = catalog.apps.find((entry) => entry.id === 'suite-panel')!;
    const row = await addRelease(writing.db, app, { version }, 'other-instance');
    await createChangeBus(writing, log).publish({ kind: 'release-added', release: writtenRelease(row, catalog) });
  }

  const knows = (version: string) => () => holder.registry!.apps.get('suite-panel')!.byVersion.has(version);

  it('hears a write of another instance by NOTIFY before and after the restart', async (ctx) => {
    if (!postgres) ctx.skip();
    expect(await waitFor(async () => (await listenSessions()) === 1, 5000)).toBe(true);
    await writeElsewhere('1.0.0');
    expect(await waitFor(knows('1.0.0'), 3000)).toBe(true);

    await postgres!.stop();
    await postgres!.start();
    // The session is back by itself, without any request or poll.
    const relistened = await waitFor(async () => (await listenSessions().catch(() => 0)) === 1, 10_000);
    expect(relistened, 'no LISTEN session after the restart').toBe(true);
    const started = performance.now();
    await writeElsewhere('1.0.1');
    expect(await waitFor(knows('1.0.1'), 3000), 'the NOTIFY after the restart was not heard').toBe(true);
    console.info(`after a PostgreSQL restart, a write of another instance reached this one's index by NOTIFY in ${Math.round(performance.now() - started)} ms (poll off)`);
  }, 60_000);
});
