// Step 2, for a support source: poll it as a release source is polled (same HTTP client, same
// validators, same politeness), read its series in the app's scheme, and turn a failure into a
// result: one source never stops the others.
import type { VersionScheme } from '../../matrix/versions.ts';
import type { Validators } from '../http/validator-cache.ts';
import { scrapeSupportSource, type SupportSource } from '../support/index.ts';
import { normalizeSupport } from '../support/normalize-support.ts';
import type { PlannedSource } from './watch-plan.ts';
import { pollContext, skippedResult, type Polled, type PollDeps } from './watch-poll.ts';
import type { UpstreamSupport } from './watch-store.ts';

export interface PolledSupport extends Polled {
  /** The series' dates in the app's spelling; null unless the source answered with some. */
  series: UpstreamSupport[] | null;
}

export interface SupportTarget {
  appId: string;
  scheme: VersionScheme;
  /** Leading version parts that make a series (the catalogue's `series`). */
  seriesParts: number;
  storedValidators: ReadonlyMap<string, Validators>;
}

export function skippedSupport(plan: PlannedSource<SupportSource>): PolledSupport {
  return { result: skippedResult(plan), series: null, validators: new Map() };
}

export async function pollSupportSource(deps: PollDeps, target: SupportTarget, plan: PlannedSource<SupportSource>): Promise<PolledSupport> {
  const { ctx, validators, requests } = pollContext(deps, target.storedValidators, plan, new Set());
  const base = { key: plan.key, kind: plan.source.kind, releases: 0, dropped: 0, nextAttemptAt: null };
  const failed = (error: string, dropped = 0): PolledSupport => ({ result: { ...base, status: 'failed', error, dropped, requests: requests() }, series: null, validators: new Map() });
  try {
    const result = await scrapeSupportSource(plan.source, ctx);
    if (result.status === 'not-modified') {
      return { result: { ...base, status: 'not-modified', error: null, requests: requests() }, series: null, validators: validators.pending() };
    }
    const normalized = normalizeSupport(result.series, target);
    const dropped = result.dropped + normalized.unreadable.length;
    if (normalized.unreadable.length > 0) {
      deps.log.warn({ app: target.appId, source: plan.key, count: normalized.unreadable.length, samples: normalized.unreadable.slice(0, 5) }, 'series that could not be read were dropped');
    }
    if (normalized.series.length === 0) return failed(`the source returned no series (${result.series.length} listed, ${dropped} dropped)`, dropped);
    return {
      result: { ...base, status: 'ok', error: null, releases: normalized.series.length, dropped, requests: requests() },
      series: normalized.series.map((entry) => ({ ...entry, source: plan.source.url })),
      validators: validators.pending(),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn({ app: target.appId, source: plan.key, err: message }, 'support source poll failed');
    return failed(message);
  }
}
