// The watcher of `vetted serve`: the watch run's store, lock and HTTP policy, the schedule (WATCH_SCHEDULE, node-cron, no
// overlapping runs) and "poll now" for the API and the CLI. Whoever runs a watch, only one runs at
// a time across every instance sharing the database: each run takes the watch advisory lock, and
// an instance that cannot get it skips that tick.
import cron, { type ScheduledTask } from 'node-cron';
import type { Catalog } from '../scrapers/catalog.ts';
import { defaultHttpLimits, type HttpPolicy } from '../scrapers/http/http-policy.ts';
import type { WatchOptions, WatchSummary } from '../scrapers/watch/watch-results.ts';
import { runExclusiveWatch, type WatchDeps } from '../scrapers/watch/watch-run.ts';
import type { ChangeBus } from './changes.ts';
import type { Clock } from './clock.ts';
import type { Database } from './db/database.ts';
import type { Config } from './env.ts';
import type { Logger } from './logger.ts';
import { createWatchStore } from './repositories/watch-store.ts';
import { userAgentFor } from './version.ts';

export interface WatcherDeps {
  config: Config;
  database: Database;
  catalog: Catalog;
  log: Logger;
  clock: Clock;
  changes: ChangeBus;
  /** Default: the production policy (20 s timeouts, 2 retries). */
  httpPolicy?: HttpPolicy;
}

export type WatchOutcome = { ran: true; summary: WatchSummary } | { ran: false };

export interface Watcher {
  /** Polls now; `{ran: false}` when a watch is already running here or on another instance. */
  runNow(options?: WatchOptions): Promise<WatchOutcome>;
  /** Starts the schedule (nothing when WATCH_SCHEDULE is off). */
  start(): void;
  /** Stops the schedule and waits for a running watch to finish. */
  stop(): Promise<void>;
}

export function createWatcher(deps: WatcherDeps): Watcher {
  const log = deps.log.child({ component: 'watcher' });
  const watch: WatchDeps = {
    store: createWatchStore(deps.database.db),
    catalog: deps.catalog,
    settings: { githubApiUrl: deps.config.githubApiUrl, githubToken: deps.config.githubToken },
    httpPolicy: deps.httpPolicy ?? { ...defaultHttpLimits, userAgent: userAgentFor(deps.config.publicUrl) },
    now: () => deps.clock.now(),
    log,
    onAppsWatched: (appIds) => deps.changes.publish({ kind: 'releases-watched', appIds }),
    onSupportChanged: () => deps.changes.publish({ kind: 'support-changed' }),
  };
  let running: Promise<WatchOutcome> | null = null;
  let task: ScheduledTask | null = null;

  async function runNow(options: WatchOptions = {}): Promise<WatchOutcome> {
    // PGlite's lock is per process too, but a second caller here need not even ask the database.
    if (running) return { ran: false };
    running = runExclusiveWatch((key, fn) => deps.database.withExclusiveLock(key, fn), watch, options);
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  return {
    runNow,
    start() {
      const schedule = deps.config.watchSchedule;
      if (!schedule || task) return;
      task = cron.schedule(schedule, async () => {
        try {
          const outcome = await runNow();
          if (!outcome.ran) {
            log.info({}, 'watch skipped: another watch is running');
            return;
          }
          const { summary } = outcome;
          const failed = summary.apps.filter((a) => a.status === 'failed' || a.status === 'partial').map((a) => a.app);
          log.info({ newReleases: summary.newReleases, requests: summary.requests, failed }, 'scheduled watch finished');
        } catch (error) {
          log.error({ err: error }, 'scheduled watch failed');
        }
      }, { name: 'vetted-watch', noOverlap: true });
      log.info({ schedule }, 'watcher scheduled');
    },
    async stop() {
      if (task) await task.stop();
      task = null;
      await running?.catch(() => undefined);
    },
  };
}
