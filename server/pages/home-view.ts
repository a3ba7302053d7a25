// The tested-versions page as data: one row per app, in catalogue order, apps before platform.
import { runCount, type Registry } from '../../matrix/registry.ts';
import { compareParsed } from '../../matrix/versions.ts';
import type { AppSummary } from '../repositories/app-summaries.ts';
import { appBadge, watchView, type AppStatus, type Badge, type WatchView } from './status.ts';

export interface HomeRow {
  id: string;
  name: string;
  /** Catalogue notes; null when none. */
  notes: string | null;
  confirmed: { version: string; testedAt: string } | null;
  latest: { version: string; publishedAt: string | null } | null;
  status: AppStatus;
  badge: Badge;
  /** Which newer releases the status is about; null when up to date or nothing is known. */
  statusDetail: string | null;
  watch: WatchView;
}

export interface HomeView {
  apps: HomeRow[];
  platform: HomeRow[];
  /** `empty`: no releases at all; `untested`: releases but no runs; null: there is something to show. */
  emptyState: 'empty' | 'untested' | null;
}

export function buildHomeView(summaries: AppSummary[], registry: Registry): HomeView {
  const rows = summaries.map((summary) => buildHomeRow(summary, registry));
  const anyRelease = summaries.some((summary) => summary.latestRelease !== null);
  const emptyState = !anyRelease ? 'empty' : runCount(registry) === 0 ? 'untested' : null;
  return {
    apps: rows.filter((_, i) => summaries[i]!.kind === 'app'),
    platform: rows.filter((_, i) => summaries[i]!.kind === 'platform'),
    emptyState,
  };
}

export function buildHomeRow(summary: AppSummary, registry: Registry): HomeRow {
  const confirmed = summary.latestConfirmed;
  const { status, detail } = appStatus(summary, confirmed, registry);
  return {
    id: summary.id,
    name: summary.name,
    notes: summary.notes,
    confirmed,
    latest: summary.latestRelease,
    status,
    badge: appBadge(status, confirmed !== null),
    statusDetail: detail,
    watch: watchView(summary.watch),
  };
}

/**
 * Judged on the newest final release upstream: its latest run passed → up to date; failed →
 * broken; none → not yet tested. The detail names the newer releases still waiting.
 */
function appStatus(summary: AppSummary, confirmedRelease: HomeRow['confirmed'], registry: Registry): { status: AppStatus; detail: string | null } {
  const latest = summary.latestRelease;
  const app = registry.apps.get(summary.id);
  if (!latest || !app) return { status: 'no-releases', detail: null };
  const entry = app.byVersion.get(latest.version);
  const newest = entry?.runs[0];
  const verdict = newest === undefined ? undefined : registry.store.verdicts[newest] === 0 ? 'pass' : 'fail';
  if (verdict === 'pass') return { status: 'up-to-date', detail: null };
  if (verdict === 'fail') return { status: 'broken', detail: `${latest.version} failed its latest test` };
  const confirmed = confirmedRelease ? app.byVersion.get(confirmedRelease.version) : undefined;
  let waiting = 0;
  for (const release of app.releases) {
    const { info } = release;
    if (info.prerelease || info.withdrawn || release.runs.length > 0) continue;
    if (confirmed && compareParsed(info.parsed, confirmed.info.parsed) <= 0) continue;
    waiting += 1;
  }
  const others = waiting - 1;
  const detail = others > 0 ? `${latest.version} and ${others} other ${others === 1 ? 'release' : 'releases'} not yet tested` : `${latest.version} not yet tested`;
  return { status: 'untested', detail };
}
