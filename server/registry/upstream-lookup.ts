// A run naming a release the watcher has not stored yet (a tester who tests a release an hour old)
// makes the registry poll that app's upstream before answering: at most once per app every few
// minutes, so a typo repeated by a CI job costs upstream nothing more.
import type { Catalog } from '../../scrapers/catalog.ts';
import type { Clock } from '../clock.ts';
import type { Watcher } from '../watcher.ts';

export interface UpstreamLookup {
  /** Polls the apps' upstreams where allowed; says per app what was done, in words for a 422. */
  poll(appIds: string[]): Promise<Map<string, string>>;
}

// Long enough that repeated failing requests do not hammer upstream, short enough for a release
// published a few minutes ago to be found by the tester's next try.
const minIntervalMs = 5 * 60_000;

export function createUpstreamLookup(deps: { watcher: Watcher; catalog: Catalog; clock: Clock }): UpstreamLookup {
  const polledAt = new Map<string, Date>();
  return {
    async poll(appIds) {
      const said = new Map<string, string>();
      const now = deps.clock.now();
      const due: string[] = [];
      for (const appId of new Set(appIds)) {
        const app = deps.catalog.apps.find((a) => a.id === appId);
        if (!app || app.sources.length === 0) continue;
        const last = polledAt.get(appId);
        if (last && now.getTime() - last.getTime() < minIntervalMs) {
          said.set(appId, `last polled ${Math.max(1, Math.round((now.getTime() - last.getTime()) / 60_000))} min ago (at most once every ${minIntervalMs / 60_000} min)`);
          continue;
        }
        due.push(appId);
      }
      if (due.length === 0) return said;
      for (const appId of due) polledAt.set(appId, now);
      const outcome = await deps.watcher.runNow({ apps: due, force: true });
      for (const appId of due) {
        if (!outcome.ran) {
          said.set(appId, 'not polled: a watch is running; try again when it has finished');
          continue;
        }
        const result = outcome.summary.apps.find((a) => a.app === appId);
        const failed = result?.sources.find((s) => s.status === 'failed');
        said.set(appId, failed ? `polled just now but answered with an error (${failed.error ?? 'unknown error'})` : 'polled just now and does not list it');
      }
      return said;
    },
  };
}
