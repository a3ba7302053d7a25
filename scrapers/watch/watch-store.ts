// What the watch run needs from storage, declared here and implemented by the composition root
// (server/repositories/watch-store.ts): the watch reads what it knows, then stores each app's
// results in one commit. A watch never deletes a stored release; on stored ones it only turns on a
// flag upstream turned on later or fills a date it did not have. Support dates it keeps as
// upstream states them, in rows of their own beside an admin's, which it never touches.
import type { SupportDates } from '../../matrix/contract.ts';
import type { Validators } from '../http/validator-cache.ts';
import type { NormalizedRelease } from '../normalize.ts';

/** What a watch may still learn about a stored release. */
export interface StoredFlags {
  security: boolean;
  insecure: boolean;
  hasDate: boolean;
}

export interface KnownReleases {
  versions: Map<string, StoredFlags>;
  /** Tags of stored releases; paging stops at pages holding only these. */
  tags: Set<string>;
}

/** A source's record of past polls (by `position:kind` key). */
export interface SourceHealth {
  consecutiveFailures: number;
  /** Null unless the source is backing off after a failure. */
  nextAttemptAt: Date | null;
}

export interface NewRelease extends NormalizedRelease {
  /** The source kind that found it. */
  origin: string;
}

/** What upstream now says of a stored release that the stored row does not have yet. */
export interface ReleaseAnnotation {
  version: string;
  /** Set only to turn the flag on. */
  security?: true;
  insecure?: true;
  /** Set only where the stored row has no date. */
  publishedAt?: Date;
}

export interface SourceAttempt {
  sourceKey: string;
  result: 'ok' | 'not-modified' | 'failed';
  /** Null for a success. */
  error: string | null;
  /** Releases the source showed (0 for not-modified or a failure: the stored count is kept then). */
  releasesSeen: number;
  /** When the scheduled watch may poll it again after a failure; null for a success. */
  nextAttemptAt: Date | null;
}

/** One app's results, stored together or not at all. */
export interface AppCommit {
  appId: string;
  at: Date;
  newReleases: NewRelease[];
  annotations: ReleaseAnnotation[];
  /** Validators of the sources that answered: kept only with the releases they describe. */
  validators: ReadonlyMap<string, Validators>;
  /** One per polled source; a success resets its failure count, a failure adds one. */
  attempts: SourceAttempt[];
  /** Upstream support rows that are new or differ from the stored ones (never an admin's). */
  support: UpstreamSupport[];
}

/** What one app's commit wrote. */
export interface CommittedApp {
  /** Versions actually inserted (one stored meanwhile is left out). */
  inserted: string[];
  /** Series whose upstream support dates actually changed. */
  supportChanged: string[];
}

/** Upstream's support dates of one series (a `series_support` row of origin `upstream`). */
export interface UpstreamSupport extends SupportDates {
  /** In the app's spelling (`8.4`, `11.4`). */
  series: string;
  /** The URL the dates were read from. */
  source: string;
}

export interface WatchStore {
  /** Stored validators; those saved before `freshSince` are left out, so their URLs are read in full. */
  loadValidators(freshSince: Date): Promise<Map<string, Validators>>;
  loadKnownReleases(appId: string): Promise<KnownReleases>;
  loadSourceHealth(appId: string): Promise<Map<string, SourceHealth>>;
  /**
   * Stores one app's results in one transaction: bumps the change counter first and stamps the
   * rows it writes with it, inserts the new releases (a version stored meanwhile is left alone)
   * and applies the annotations, upserts upstream's support rows (never an admin's, never
   * deleting a series), each with an audit row (actor `watcher`), saves the validators and records
   * the attempts.
   */
  commit(results: AppCommit): Promise<CommittedApp>;
  /** The app's stored upstream support rows, by series (an admin's rows are not among them). */
  loadUpstreamSupport(appId: string): Promise<Map<string, UpstreamSupport>>;
}

/** Runs `fn` only if this instance gets the lock `key` (the database's advisory lock). */
export type ExclusiveLock = <T>(key: number, fn: () => Promise<T>) => Promise<{ locked: true; value: T } | { locked: false }>;
