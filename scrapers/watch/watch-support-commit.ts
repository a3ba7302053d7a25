// Step 4, for support dates: store the changed upstream rows through the store, before the app's
// commit saves the validators (a validator saved without its rows would make the next poll answer
// 304 and lose them). When storing fails, the support sources that answered count as failed and
// their validators are dropped, so the next watch reads them again.
import type { ScrapeLogger } from '../scrape-logger.ts';
import type { PolledSupport } from './watch-support-poll.ts';
import type { UpstreamSupport, WatchStore } from './watch-store.ts';

export interface SupportOutcome {
  /** The series whose upstream dates this watch stored. */
  changed: string[];
  /** The polled support sources, failed where storing failed. */
  polled: PolledSupport[];
}

export async function commitSupport(
  deps: { store: WatchStore; log: ScrapeLogger },
  appId: string,
  polled: PolledSupport[],
  rows: UpstreamSupport[],
  now: Date,
): Promise<SupportOutcome> {
  if (rows.length === 0) return { changed: [], polled };
  try {
    return { changed: await deps.store.commitSupport({ appId, at: now, rows }), polled };
  } catch (error) {
    const message = `storing the support dates failed: ${error instanceof Error ? error.message : String(error)}`;
    deps.log.warn({ app: appId, err: message }, 'watch could not store support dates');
    return {
      changed: [],
      polled: polled.map((p) => (p.result.status === 'ok' ? { result: { ...p.result, status: 'failed', error: message }, series: null, validators: new Map() } : p)),
    };
  }
}
