// One entry per release at the moment it was first confirmed working (its earliest passing run),
// newest first. Untested releases never appear; a release withdrawn later keeps its entry (the
// history stays true) and its page says it is withdrawn.
import { confirmations, type Confirmation } from '../../matrix/confirmations.ts';
import type { Registry } from '../../matrix/registry.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import { describeComponents, formatDateTime } from '../pages/format.ts';
import { escapeHtml, safeHref } from '../pages/html.ts';
import { releaseAnchor } from '../pages/app-view.ts';
import type { RunDetail } from '../pages/public-data.ts';

export interface FeedEntry {
  /** Stable across restarts, hosts and later runs: names only the app and the version. */
  id: string;
  appId: string;
  appName: string;
  version: string;
  /** Plain text, e.g. `Nextcloud 30.0.2 confirmed working`. */
  title: string;
  /** Absolute link to the release's row on the app's page. */
  link: string;
  /** When the confirming run was tested. */
  confirmedAt: Date;
  runId: number;
  /** Plain text: what it was tested with. */
  summary: string;
  /** HTML, every piece of outside text escaped. */
  contentHtml: string;
}

// A feed reader polls often; the newest confirmations are what it needs. Older ones stay on the pages.
export const feedSize = { all: 100, app: 50 } as const;

/** `tag:` URIs (RFC 4151) need an authority and a date; both are fixed so that ids never change. */
export function entryId(appId: string, version: string): string {
  return `tag:vetted,2026:confirmed/${encodeURIComponent(appId)}/${encodeURIComponent(version)}`;
}

export interface FeedEntryInput {
  registry: Registry;
  catalog: Catalog;
  baseUrl: string;
  /** One app, or all when null. */
  appId: string | null;
}

/**
 * The events, newest first. Prereleases are left out (they are never advised as upgrades). The
 * feed of all apps leaves out the platform (PHP, Debian, MariaDB): every run names a platform
 * version, so it would drown the apps; each platform app has its own feed.
 */
export function feedEvents(input: Pick<FeedEntryInput, 'registry' | 'catalog' | 'appId'>): Confirmation[] {
  const platform = new Set(input.catalog.apps.filter((app) => app.kind === 'platform').map((app) => app.id));
  const events = confirmations(input.registry, input.appId === null ? {} : { appId: input.appId })
    .filter((event) => !event.prerelease && (input.appId !== null || !platform.has(event.appId)));
  return events.slice(0, input.appId === null ? feedSize.all : feedSize.app);
}

export function feedEntries(input: FeedEntryInput, details: Map<number, RunDetail>): FeedEntry[] {
  const names = new Map(input.catalog.apps.map((app) => [app.id, app.name]));
  return feedEvents(input).map((event) => {
    const appName = names.get(event.appId) ?? event.appId;
    const testedWith = describeComponents(event.with, names);
    const detail = details.get(event.runId);
    const link = `${input.baseUrl}/apps/${encodeURIComponent(event.appId)}#${releaseAnchor(event.version)}`;
    const summary = testedWith
      ? `${appName} ${event.version} passed its first test on ${formatDateTime(event.at)}, with ${testedWith}.`
      : `${appName} ${event.version} passed its first test on ${formatDateTime(event.at)}.`;
    const html: string[] = [`<p>${escapeHtml(summary)}</p>`];
    if (detail?.notes) html.push(`<p>Tester’s notes: ${escapeHtml(detail.notes)}</p>`);
    const evidence = safeHref(detail?.evidenceUrl);
    if (evidence) html.push(`<p><a href="${escapeHtml(evidence)}">Evidence</a> (run ${event.runId})</p>`);
    if (event.withdrawn) html.push('<p>This release has since been withdrawn; see its page.</p>');
    html.push(`<p><a href="${escapeHtml(link)}">All tests of ${escapeHtml(appName)} ${escapeHtml(event.version)}</a></p>`);
    return {
      id: entryId(event.appId, event.version),
      appId: event.appId,
      appName,
      version: event.version,
      title: `${appName} ${event.version} confirmed working`,
      link,
      confirmedAt: event.at,
      runId: event.runId,
      summary,
      contentHtml: html.join('\n'),
    };
  });
}
