// The plain words for statuses, shared by the pages: each status has a symbol and a label, so
// colour is never the only thing that tells them apart.
import type { UpgradeStatus } from '../../matrix/contract.ts';
import type { WatchHealth } from '../repositories/app-summaries.ts';
import { formatDateTime } from './format.ts';

export type AppStatus = 'up-to-date' | 'untested' | 'broken' | 'blocked' | 'no-releases';

export interface Badge {
  /** CSS modifier: `safe`, `untested`, `broken`, `withdrawn`, `none`. */
  tone: 'safe' | 'untested' | 'broken' | 'withdrawn' | 'none';
  symbol: string;
  label: string;
}

export const releaseBadges: Record<UpgradeStatus, Badge> = {
  safe: { tone: 'safe', symbol: '✓', label: 'Confirmed working' },
  broken: { tone: 'broken', symbol: '✗', label: 'Broken' },
  untested: { tone: 'untested', symbol: '?', label: 'Not yet tested' },
  withdrawn: { tone: 'withdrawn', symbol: '⊘', label: 'Withdrawn' },
  blocked: { tone: 'broken', symbol: '⊘', label: 'Blocked by a constraint' },
};

export function appBadge(status: AppStatus, hasConfirmed: boolean): Badge {
  switch (status) {
    case 'up-to-date':
      return { tone: 'safe', symbol: '✓', label: 'Up to date' };
    case 'broken':
      return { tone: 'broken', symbol: '✗', label: hasConfirmed ? 'Newer release broken' : 'Latest release broken' };
    case 'blocked':
      return { tone: 'broken', symbol: '⊘', label: hasConfirmed ? 'Newer release blocked' : 'Latest release blocked' };
    case 'untested':
      return { tone: 'untested', symbol: '?', label: hasConfirmed ? 'Newer release not yet tested' : 'Not yet tested' };
    case 'no-releases':
      return { tone: 'none', symbol: '–', label: 'No releases known yet' };
  }
}

export interface WatchView {
  tone: 'ok' | 'failing' | 'none';
  label: string;
  /** The last error, when failing; upstream text, escaped by the template. */
  detail: string | null;
}

export function watchView(watch: WatchHealth): WatchView {
  switch (watch.state) {
    case 'manual':
      return { tone: 'none', label: 'No upstream feed: releases are entered by hand', detail: null };
    case 'never':
      return { tone: 'none', label: 'Not checked yet', detail: null };
    case 'ok':
      return { tone: 'ok', label: watch.lastAttemptAt ? `OK, checked ${formatDateTime(watch.lastAttemptAt)}` : 'OK', detail: null };
    case 'failing': {
      const since = watch.lastSuccessAt ? `failing since the check after ${formatDateTime(watch.lastSuccessAt)}` : 'failing since its first check';
      const count = `${watch.consecutiveFailures} failed ${watch.consecutiveFailures === 1 ? 'check' : 'checks'}`;
      const last = watch.lastAttemptAt ? `, last ${formatDateTime(watch.lastAttemptAt)}` : '';
      return { tone: 'failing', label: `Watch ${since} (${count}${last})`, detail: watch.lastError };
    }
  }
}
