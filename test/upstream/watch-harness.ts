// What the watcher tests share: the recorded upstream, the built-in catalogue pointed at it, a
// test policy (short timeouts, millisecond backoff), and scrape contexts as the watch run builds them.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { builtInCatalogPath, loadCatalog, type Catalog } from '../../scrapers/catalog.ts';
import { createHttpClient } from '../../scrapers/http/http-client.ts';
import type { HttpPolicy } from '../../scrapers/http/http-policy.ts';
import { createValidatorCache, type ValidatorCache } from '../../scrapers/http/validator-cache.ts';
import type { ScrapeLogger } from '../../scrapers/scrape-logger.ts';
import type { Source } from '../../scrapers/kinds/index.ts';
import type { SupportSource } from '../../scrapers/support/index.ts';
import type { ScrapeContext, ScrapeResult, SourceSettings } from '../../scrapers/source-kind.ts';
import { userAgentFor } from '../../server/version.ts';
import { createWatcher } from '../../server/watcher.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../helpers/test-database.ts';
import { syncCatalog } from '../../server/repositories/apps.ts';
import type { AppWatchResult, WatchSummary } from '../../scrapers/watch/watch-results.ts';
import { pointCatalogAt } from './point-catalog.ts';
import { startRecordedUpstream, type RecordedUpstream } from './server.ts';

/** Pinned "now" of the watcher tests (after every fixture's date but Matomo's future-dated beta). */
export const pinnedNow = new Date('2026-11-25T10:00:00Z');

export const testPolicy: HttpPolicy = {
  userAgent: userAgentFor('https://vetted.test'),
  // Long enough for a page on a loaded CI machine, short enough that the hang fault is quick.
  timeoutMs: 1_500,
  retries: 2,
  retryDelayMs: 5,
  maxRetryAfterMs: 60_000,
  // One "second" of a GitHub rate-limit wait lasts a millisecond here.
  retryAfterUnitMs: 1,
};

export interface LoggedLine {
  level: 'debug' | 'info' | 'warn';
  meta: object;
  message: string;
}

export function createTestLogger(): ScrapeLogger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  return {
    lines,
    debug: (meta, message) => lines.push({ level: 'debug', meta, message }),
    info: (meta, message) => lines.push({ level: 'info', meta, message }),
    warn: (meta, message) => lines.push({ level: 'warn', meta, message }),
  };
}

export interface WatchHarness {
  upstream: RecordedUpstream;
  catalog: Catalog;
  /** GitHub at the recorded upstream, no token. */
  settings: SourceSettings;
  log: ReturnType<typeof createTestLogger>;
  /** A scrape context as the watch run builds one, with its own validator cache unless given. */
  context(options?: { known?: Set<string>; validators?: ValidatorCache }): ScrapeContext & { requests: () => number };
  close(): Promise<void>;
}

export async function startWatchHarness(): Promise<WatchHarness> {
  const upstream = await startRecordedUpstream();
  const catalog = pointCatalogAt(await loadCatalog(builtInCatalogPath), upstream.url);
  const log = createTestLogger();
  const settings: SourceSettings = { githubApiUrl: upstream.url, githubToken: null };
  return {
    upstream,
    catalog,
    settings,
    log,
    context(options = {}) {
      let requests = 0;
      const validators = options.validators ?? createValidatorCache();
      return {
        http: createHttpClient({ validators, policy: testPolicy, onRequest: () => requests++ }),
        validators,
        known: options.known ?? new Set(),
        settings,
        now: () => pinnedNow,
        log,
        requests: () => requests,
      };
    },
    close: () => upstream.close(),
  };
}

/**
 * Starts a harness for the test file and clears its faults and request log before each test;
 * call the returned function inside tests.
 */
export function useWatchHarness(): () => WatchHarness {
  let harness: WatchHarness | undefined;
  beforeAll(async () => {
    harness = await startWatchHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(() => {
    harness?.upstream.clearFaults();
    harness?.upstream.clearLog();
  });
  return () => {
    if (!harness) throw new Error('the watch harness starts in beforeAll');
    return harness;
  };
}

/** The catalogue's source of that kind for that app. */
export function sourceOf<K extends Source['kind']>(catalog: Catalog, app: string, kind: K): Extract<Source, { kind: K }> {
  const found = catalog.apps.find((a) => a.id === app)?.sources.find((s) => s.kind === kind);
  if (!found) throw new Error(`no ${kind} source for ${app} in the catalogue`);
  return found as Extract<Source, { kind: K }>;
}

/** The catalogue's support source of that kind for that app. */
export function supportSourceOf<K extends SupportSource['kind']>(catalog: Catalog, app: string, kind: K): Extract<SupportSource, { kind: K }> {
  const found = catalog.apps.find((a) => a.id === app)?.supportSources.find((s) => s.kind === kind);
  if (!found) throw new Error(`no ${kind} support source for ${app} in the catalogue`);
  return found as Extract<SupportSource, { kind: K }>;
}

/** The result, which must have found something (releases, or a support kind's series). */
export function found<Found>(result: ScrapeResult<Found>): Extract<ScrapeResult<Found>, { status: 'ok' }> {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${result.status}`);
  return result as Extract<ScrapeResult<Found>, { status: 'ok' }>;
}

/** A pattern matching exactly this text. */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** The real app on a test database, its watcher polling the recorded upstream (the watch API's tests). */
export async function startWatchingApp(kind: DatabaseKind): Promise<{ upstream: RecordedUpstream; app: TestApp; close(): Promise<void> }> {
  const upstream = await startRecordedUpstream();
  const catalog = pointCatalogAt(await loadCatalog(builtInCatalogPath), upstream.url);
  const app = await startTestApp(kind, {
    catalog,
    customize(deps) {
      const config = { ...deps.config, githubApiUrl: upstream.url };
      return { ...deps, config, watcher: createWatcher({ ...deps, config, httpPolicy: testPolicy }) };
    },
  });
  return {
    upstream,
    app,
    async close() {
      await app.close();
      await upstream.close();
    },
  };
}

/**
 * A harness and a test database with the catalogue written in, for a test file of the whole watch
 * storing through the server's watch store; faults and the request log are cleared before each test.
 */
export function useStoredWatch(kind: DatabaseKind): () => { harness: WatchHarness; testDb: TestDatabase } {
  let world: { harness: WatchHarness; testDb: TestDatabase } | undefined;
  beforeAll(async () => {
    const harness = await startWatchHarness();
    const testDb = await createTestDatabase(kind);
    await syncCatalog(testDb.database.db, harness.catalog);
    world = { harness, testDb };
  });
  afterAll(async () => {
    await world?.harness.close();
    await world?.testDb.drop();
  });
  beforeEach(() => {
    world?.harness.upstream.clearFaults();
    world?.harness.upstream.clearLog();
  });
  return () => {
    if (!world) throw new Error('the stored watch starts in beforeAll');
    return world;
  };
}

/** One app's result in a watch summary. */
export function appResult(summary: WatchSummary, app: string): AppWatchResult {
  return summary.apps.find((a) => a.app === app)!;
}
