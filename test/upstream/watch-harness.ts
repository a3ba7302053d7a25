// What the watcher tests share: the recorded upstream, the built-in catalogue pointed at it, the
// one Octokit with a test policy (short timeouts, millisecond backoff), and a scrape context.
import { builtInCatalogPath, loadCatalog, type Catalog } from '../../scrapers/catalog.ts';
import { createGithubClient, type WatcherOctokit } from '../../scrapers/github-client.ts';
import { createHttpClient, createOutboundFetch, userAgentFor, type HttpPolicy } from '../../scrapers/http.ts';
import type { ScrapeContext, ScrapeLogger } from '../../scrapers/scrape-types.ts';
import type { VersionScheme } from '../../matrix/versions.ts';
import { createValidatorCache, type ValidatorCache } from '../../scrapers/validator-cache.ts';
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
  octokit: WatcherOctokit;
  log: ReturnType<typeof createTestLogger>;
  /** A scrape context as the watch run builds one, with its own validator cache unless given. */
  context(options?: { scheme?: VersionScheme; known?: Set<string>; validators?: ValidatorCache }): ScrapeContext & { requests: () => number };
  close(): Promise<void>;
}

export async function startWatchHarness(): Promise<WatchHarness> {
  const upstream = await startRecordedUpstream();
  const catalog = pointCatalogAt(await loadCatalog(builtInCatalogPath), upstream.url);
  const log = createTestLogger();
  const octokit = createGithubClient({ baseUrl: upstream.url, token: null, fetch: createOutboundFetch({ timeoutMs: testPolicy.timeoutMs }), policy: testPolicy, log });
  return {
    upstream,
    catalog,
    octokit,
    log,
    context(options = {}) {
      let requests = 0;
      const fetch = createOutboundFetch({ timeoutMs: testPolicy.timeoutMs, onRequest: () => requests++ });
      const validators = options.validators ?? createValidatorCache();
      return {
        http: createHttpClient({ fetch, validators, policy: testPolicy }),
        octokit,
        fetch,
        validators,
        known: options.known ?? new Set(),
        scheme: options.scheme ?? 'semver',
        now: () => pinnedNow,
        log,
        requests: () => requests,
      };
    },
    close: () => upstream.close(),
  };
}
