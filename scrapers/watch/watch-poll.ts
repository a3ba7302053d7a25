// Step 2: poll one source. Builds its scrape context (one HTTP client that counts the source's
// requests, a validator cache under the source's digest), runs its kind, and normalises
// what it found. A failure is a result, never an exception: one source never stops the others.
import { createHttpClient } from '../http/http-client.ts';
import type { HttpPolicy } from '../http/http-policy.ts';
import { createValidatorCache, type ValidatorCache, type Validators } from '../http/validator-cache.ts';
import { scrapeSource } from '../kinds/index.ts';
import { normalizeReleases, type SourceReleases } from '../normalize.ts';
import type { ScrapeLogger } from '../scrape-logger.ts';
import type { ScrapeContext, SourceSettings } from '../source-kind.ts';
import type { VersionScheme } from '../../matrix/versions.ts';
import type { SourceWatchResult } from './watch-results.ts';
import type { PlannedSource } from './watch-plan.ts';

export interface PollDeps {
  settings: SourceSettings;
  httpPolicy: HttpPolicy;
  now: () => Date;
  log: ScrapeLogger;
  /** The fetch under the timeout and counting wrapper; default the global one. */
  baseFetch?: typeof fetch;
}

/** What every polled source, release or support, hands to the commit. */
export interface Polled {
  result: SourceWatchResult;
  /** New validators, to store with what they describe; empty unless the source answered. */
  validators: Map<string, Validators>;
}

export interface PolledSource extends Polled {
  /** The normalised list; null unless the source answered with releases. */
  releases: SourceReleases | null;
}

export interface PollTarget {
  appId: string;
  scheme: VersionScheme;
  /** Tags of the app's stored releases. */
  knownTags: ReadonlySet<string>;
  storedValidators: ReadonlyMap<string, Validators>;
}

/** The result of a source left alone while it backs off. */
export function skippedResult(plan: PlannedSource<{ kind: string }>): SourceWatchResult {
  return { key: plan.key, kind: plan.source.kind, status: 'skipped', error: null, releases: 0, dropped: 0, requests: 0, nextAttemptAt: plan.backingOffUntil?.toISOString() ?? null };
}

export function skipped(plan: PlannedSource): PolledSource {
  return { result: skippedResult(plan), releases: null, validators: new Map() };
}

/** The scrape context of one poll: an HTTP client counting the source's requests, validators under its digest. */
export function pollContext(
  deps: PollDeps,
  storedValidators: ReadonlyMap<string, Validators>,
  plan: PlannedSource<{ kind: string }>,
  known: ReadonlySet<string>,
): { ctx: ScrapeContext; validators: ValidatorCache; requests: () => number } {
  let requests = 0;
  const validators = createValidatorCache(storedValidators, plan.digest);
  const ctx: ScrapeContext = {
    http: createHttpClient({
      validators,
      policy: deps.httpPolicy,
      onRequest: () => requests++,
      ...(deps.baseFetch ? { baseFetch: deps.baseFetch } : {}),
    }),
    validators,
    known,
    settings: deps.settings,
    now: deps.now,
    log: deps.log,
  };
  return { ctx, validators, requests: () => requests };
}

export async function pollSource(deps: PollDeps, target: PollTarget, plan: PlannedSource): Promise<PolledSource> {
  const { ctx, validators, requests: requestCount } = pollContext(deps, target.storedValidators, plan, plan.fullRead ? new Set<string>() : target.knownTags);
  const base = { key: plan.key, kind: plan.source.kind, releases: 0, dropped: 0, nextAttemptAt: null };
  const failed = (error: string, dropped = 0): PolledSource => ({ result: { ...base, status: 'failed', error, dropped, requests: requestCount() }, releases: null, validators: new Map() });
  try {
    const result = await scrapeSource(plan.source, ctx);
    const requests = requestCount();
    if (result.status === 'not-modified') {
      return { result: { ...base, status: 'not-modified', error: null, requests }, releases: null, validators: validators.pending() };
    }
    const normalized = normalizeReleases(result.releases, { scheme: target.scheme, now: deps.now() });
    const dropped = result.dropped + normalized.dropped.drafts + normalized.dropped.future + normalized.dropped.unparseable;
    if (normalized.dropped.unparseable > 0) {
      deps.log.warn({ app: target.appId, source: plan.key, count: normalized.dropped.unparseable, samples: normalized.unparseableSamples }, 'versions that could not be read were dropped');
    }
    if (normalized.releases.length === 0) {
      return failed(`the source returned no releases (${result.releases.length} entries matched, ${dropped} dropped)`, dropped);
    }
    return {
      result: { ...base, status: 'ok', error: null, releases: normalized.releases.length, dropped, requests },
      releases: { releases: normalized.releases, annotateOnly: result.annotateOnly },
      validators: validators.pending(),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn({ app: target.appId, source: plan.key, err: message }, 'source poll failed');
    return failed(message);
  }
}
