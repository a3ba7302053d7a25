// The real express app on listen(0) over a fresh database, with an admin and a tester token.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../../server/app.ts';
import type { AppDeps } from '../../server/deps.ts';
import { createChangeBus } from '../../server/changes.ts';
import type { Clock } from '../../server/clock.ts';
import { parseEnv } from '../../server/env.ts';
import { createHttpServer, type HttpServerOptions } from '../../server/http/http-server.ts';
import { createRegistryHolder } from '../../server/registry/holder.ts';
import { syncCatalog } from '../../server/repositories/apps.ts';
import { createToken, createTokenVerifier } from '../../server/repositories/tokens.ts';
import { vettedVersion } from '../../server/version.ts';
import type { Watcher } from '../../server/watcher.ts';
import { builtInCatalogPath, loadCatalog, type Catalog } from '../../scrapers/catalog.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.ts';

export const bootstrapAdminToken = 'test-bootstrap-admin-token-0001';

/** A watcher that never polls (answers as if a watch were running elsewhere). */
export const offlineWatcher: Watcher = {
  runNow: async () => ({ ran: false }),
  start() {},
  stop: async () => {},
};

export interface TestApp {
  baseUrl: string;
  deps: AppDeps;
  testDatabase: TestDatabase;
  server: Server;
  /** Secret of a token with the admin role. */
  adminToken: string;
  /** Secret of a token with the tester role. */
  testerToken: string;
  /** fetch against the app; `token` adds the bearer header, `json` sends a JSON body. */
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  catalog?: Catalog;
  clock?: Clock;
  /** Deadlines of the HTTP server; default those of `vetted serve`. */
  http?: HttpServerOptions;
  /** Extra deps or replacements, given the defaults. */
  customize?(deps: AppDeps): AppDeps | Promise<AppDeps>;
}

export async function startTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const testDatabase = await createTestDatabase(kind);
  const { database } = testDatabase;
  const catalog = options.catalog ?? (await loadCatalog(builtInCatalogPath));
  await syncCatalog(database.db, catalog);
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const config = parseEnv({ VETTED_ADMIN_TOKEN: bootstrapAdminToken, WATCH_SCHEDULE: 'off', DATABASE_URL: testDatabase.url ?? undefined });
  const changes = createChangeBus(database, log);
  const clock = options.clock ?? { now: () => new Date() };
  let deps: AppDeps = {
    config, database, catalog, log, changes, clock,
    // Tests never reach upstream: a test that polls injects a watcher pointed at the recorded upstream.
    watcher: offlineWatcher,
    registry: createRegistryHolder({ database, catalog, changes, log }),
    tokens: createTokenVerifier(database.db, bootstrapAdminToken),
    version: vettedVersion,
  };
  if (options.customize) deps = await options.customize(deps);
  const { secret: adminToken } = await createToken(database.db, { name: 'test-admin', role: 'admin', actor: 'test' });
  const { secret: testerToken } = await createToken(database.db, { name: 'test-tester', role: 'tester', actor: 'test' });
  const server = createHttpServer(createApp(deps), options.http);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl, deps, testDatabase, server, adminToken, testerToken,
    request(path, init = {}) {
      const { token, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${baseUrl}${path}`, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.registry.close();
      await testDatabase.drop();
    },
  };
}
