// What a watch reports: per source, per app, and for the whole run.

export interface WatchOptions {
  /** App ids to poll; default every app of the catalogue. */
  apps?: string[];
  /** Poll sources that are backing off after failures too. */
  force?: boolean;
  /** Called as each app starts and finishes. */
  onProgress?: (event: WatchProgress) => void;
}

export type WatchProgress =
  | { type: 'app-started'; app: string; index: number; total: number }
  | { type: 'app-finished'; result: AppWatchResult; index: number; total: number };

export type SourceStatus = 'ok' | 'not-modified' | 'failed' | 'skipped';

export interface SourceWatchResult {
  /** `position:kind`, e.g. `0:github-tags`; `support:position:kind` for a support source, e.g. `support:0:php-states`. */
  key: string;
  kind: string;
  status: SourceStatus;
  /** Null unless failed. */
  error: string | null;
  /** Releases (for a support source: series) the source showed after normalising (0 unless ok). */
  releases: number;
  /** Entries dropped: drafts, future-dated, unreadable versions, bad shapes. */
  dropped: number;
  requests: number;
  /** Null unless the source is backing off. */
  nextAttemptAt: string | null;
}

export type AppWatchStatus = 'updated' | 'unchanged' | 'not-modified' | 'partial' | 'failed' | 'skipped' | 'no-sources';

export interface AppWatchResult {
  app: string;
  status: AppWatchStatus;
  /** Versions stored by this watch, newest first as upstream listed them. */
  newVersions: string[];
  /** Stored versions upstream now lists as having known vulnerabilities (WordPress stable-check). */
  newlyInsecure: string[];
  /** Series whose support dates upstream states anew (new series, or a date or LTS flag changed). */
  supportChanged: string[];
  requests: number;
  sources: SourceWatchResult[];
}

export interface WatchSummary {
  startedAt: string;
  finishedAt: string;
  apps: AppWatchResult[];
  newReleases: number;
  requests: number;
}

export class UnknownAppsError extends Error {
  override name = 'UnknownAppsError';
  constructor(readonly apps: string[]) {
    super(`unknown app${apps.length > 1 ? 's' : ''}: ${apps.join(', ')}`);
  }
}

export function appStatus(sources: SourceWatchResult[], newVersions: string[]): AppWatchStatus {
  const polled = sources.filter((s) => s.status !== 'skipped');
  if (polled.length === 0) return 'skipped';
  const failed = polled.filter((s) => s.status === 'failed').length;
  if (failed === polled.length) return 'failed';
  if (failed > 0) return 'partial';
  if (newVersions.length > 0) return 'updated';
  if (polled.every((s) => s.status === 'not-modified')) return 'not-modified';
  return 'unchanged';
}
