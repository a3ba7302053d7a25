// Step 4: store an app's results through the store, all or nothing, and stamp each failed source
// with when it may be polled again. When the commit fails, every polled source counts as failed:
// nothing of it was stored, so its validators must not be either.
import type { Validators } from '../http/validator-cache.ts';
import type { ScrapeLogger } from '../scrape-logger.ts';
import type { AppDiff } from './watch-diff.ts';
import { backoffDelayMs } from './watch-plan.ts';
import type { Polled } from './watch-poll.ts';
import type { SourceWatchResult } from './watch-results.ts';
import type { SourceAttempt, SourceHealth, UpstreamSupport, WatchStore } from './watch-store.ts';

export interface CommitOutcome {
  newVersions: string[];
  newlyInsecure: string[];
  /** Series whose upstream support dates were stored. */
  supportChanged: string[];
  sources: SourceWatchResult[];
}

export async function commitApp(
  deps: { store: WatchStore; log: ScrapeLogger },
  appId: string,
  /** Every source polled or skipped, release and support ones: their health and validators are stored here. */
  polled: readonly Polled[],
  diff: AppDiff,
  /** Upstream support rows that are new or differ from the stored ones. */
  support: UpstreamSupport[],
  health: ReadonlyMap<string, SourceHealth>,
  now: Date,
): Promise<CommitOutcome> {
  const failuresOf = (key: string) => health.get(key)?.consecutiveFailures ?? 0;
  const attempted = polled.filter((p) => p.result.status !== 'skipped');
  let sources = polled.map((p) => p.result);
  let newVersions: string[] = [];
  let newlyInsecure: string[] = [];
  let supportChanged: string[] = [];
  if (attempted.length > 0) {
    try {
      ({ inserted: newVersions, supportChanged } = await deps.store.commit({
        appId,
        at: now,
        newReleases: diff.newReleases,
        annotations: diff.annotations,
        validators: new Map<string, Validators>(attempted.filter((p) => p.result.status !== 'failed').flatMap((p) => [...p.validators])),
        attempts: attempted.map((p) => attemptOf(p.result, failuresOf(p.result.key), now)),
        support,
      }));
      newlyInsecure = diff.annotations.filter((a) => a.insecure).map((a) => a.version);
    } catch (error) {
      const message = `storing the results failed: ${error instanceof Error ? error.message : String(error)}`;
      deps.log.warn({ app: appId, err: message }, 'watch could not store an app');
      sources = sources.map((s) => (s.status === 'skipped' ? s : { ...s, status: 'failed', error: message }));
    }
  }
  sources = sources.map((s) => (s.status !== 'failed' ? s : { ...s, nextAttemptAt: new Date(now.getTime() + backoffDelayMs(failuresOf(s.key) + 1)).toISOString() }));
  return { newVersions, newlyInsecure, supportChanged, sources };
}

function attemptOf(result: SourceWatchResult, previousFailures: number, now: Date): SourceAttempt {
  const failed = result.status === 'failed';
  return {
    sourceKey: result.key,
    result: result.status === 'ok' || result.status === 'not-modified' ? result.status : 'failed',
    error: result.error,
    releasesSeen: result.releases,
    nextAttemptAt: failed ? new Date(now.getTime() + backoffDelayMs(previousFailures + 1)) : null,
  };
}
