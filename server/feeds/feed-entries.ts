// One entry per event of a release on a stack (matrix/stack-events.ts): first confirmed working
// there, no longer confirmed (a failure that counts there, a withdrawal, a constraint), confirmed
// again. Newest first, each naming its stack, so a reader who acted on one item learns of the next,
// and the newest item about a release always agrees with its page.
import type { Stack } from '../../matrix/contract.ts';
import { runVersions, type Registry } from '../../matrix/registry.ts';
import { recentStackEvents, type StackEvent } from '../../matrix/stack-events.ts';
import { anyPlatform } from '../../matrix/stacks.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import { describeComponents, formatDateTime } from '../pages/format.ts';
import { escapeHtml, safeHref } from '../pages/html.ts';
import { appPagePath } from '../pages/paths.ts';
import type { RunDetail } from '../pages/public-data.ts';
import { releaseAnchor } from '../pages/release-view.ts';
import { blamedWords, type AppNames } from '../pages/verdict-words.ts';

export interface FeedEntry {
  /** Stable across restarts, hosts and later events: names the stack, app, version and the event. */
  id: string;
  appId: string;
  /** Plain text, e.g. `Nextcloud 30.0.2 confirmed working on Debian 12 · PHP 8.2 · MariaDB 10.11`. */
  title: string;
  /** Absolute link to the release's row on the app's page of that stack. */
  link: string;
  /** When it happened: the run's test, the withdrawal, the constraint's declaration. */
  at: Date;
  /** Plain text: what happened and what it was tested with. */
  summary: string;
  /** HTML, every piece of outside text escaped. */
  contentHtml: string;
}

// A feed reader polls often; the newest events are what it needs. Older ones stay on the pages.
export const feedSize = { all: 100, app: 50 } as const;

// The longest admin reason a title carries; the item's content has all of it.
const reasonInTitle = 80;

export interface FeedScope {
  registry: Registry;
  catalog: Catalog;
  /** One app; every app but the platform when null. */
  appId: string | null;
  /** One stack; every declared stack (or any platform when none is) when null. */
  stack: Stack | null;
}

/**
 * `tag:` URIs (RFC 4151) need an authority and a date; both are fixed so that ids never change.
 * The event is its kind and its run, or its time when no run caused it.
 */
export function entryId(event: StackEvent): string {
  const stack = event.stack.id === '' ? 'any-platform' : `stack/${encodeURIComponent(event.stack.id)}`;
  const cause = event.run ? `run-${event.run.run}` : event.at.toISOString();
  return `tag:vetted,2026:${stack}/${encodeURIComponent(event.appId)}/${encodeURIComponent(event.version)}/${event.kind}/${cause}`;
}

/**
 * The events, newest first. The feed of all apps leaves out the platform (PHP, Debian, MariaDB):
 * every run names a platform version, so it would drown the apps; each platform app has its own feed.
 */
export function feedEvents(scope: FeedScope): StackEvent[] {
  const { registry, catalog } = scope;
  const stacks = scope.stack ? [scope.stack] : registry.stacks.length > 0 ? registry.stacks : [anyPlatform];
  const appIds = new Set(scope.appId !== null ? [scope.appId] : catalog.apps.filter((app) => app.kind !== 'platform').map((app) => app.id));
  const size = scope.appId === null ? feedSize.all : feedSize.app;
  // The newest `size` of every stack hold the newest `size` of all.
  const events = stacks.flatMap((stack) => recentStackEvents(registry, stack, appIds, size));
  // Stable: events at the same moment keep their stacks' order, the default first.
  events.sort((a, b) => b.at.getTime() - a.at.getTime() || (b.run?.run ?? 0) - (a.run?.run ?? 0));
  return events.slice(0, size);
}

export function feedEntries(scope: FeedScope, events: StackEvent[], baseUrl: string, details: Map<number, RunDetail>): FeedEntry[] {
  const names: AppNames = new Map(scope.catalog.apps.map((app) => [app.id, app.name]));
  return events.map((event) => {
    const release = `${names.get(event.appId) ?? event.appId} ${event.version}`;
    const link = `${baseUrl}${appPagePath(scope.registry, event.stack, event.appId)}#${releaseAnchor(event.version)}`;
    const { title, summary } = describe(event, release, scope.registry, names);
    const html: string[] = [`<p>${escapeHtml(summary)}</p>`];
    const detail = event.run ? details.get(event.run.run) : undefined;
    if (detail?.notes) html.push(`<p>Tester’s notes: ${escapeHtml(detail.notes)}</p>`);
    const evidence = safeHref(detail?.evidenceUrl);
    if (evidence) html.push(`<p><a href="${escapeHtml(evidence)}">Evidence</a> (run ${event.run!.run})</p>`);
    html.push(`<p><a href="${escapeHtml(link)}">${escapeHtml(release)} on ${escapeHtml(event.stack.name)}: its status and every run that counts there</a></p>`);
    return { id: entryId(event), appId: event.appId, title, link, at: event.at, summary, contentHtml: html.join('\n') };
  });
}

function describe(event: StackEvent, release: string, registry: Registry, names: AppNames): { title: string; summary: string } {
  const on = event.stack.name;
  const when = formatDateTime(event.at);
  const { run } = event;
  if (run) {
    // The run's exact versions; the event's evidence names only their series.
    const components = { ...(runVersions(registry, run.run) ?? run.with) };
    delete components[event.appId];
    const testedWith = describeComponents(components, names);
    const tested = `on ${when}${testedWith ? ` with ${testedWith}` : ''} (run ${run.run})`;
    if (event.kind === 'confirmed') return { title: `${release} confirmed working on ${on}`, summary: `${release} passed ${tested}: confirmed working on ${on}.` };
    if (event.kind === 'reconfirmed') return { title: `${release} confirmed working again on ${on}`, summary: `${release} passed ${tested}: confirmed working on ${on} again.` };
    const series = describeComponents(run.with, names);
    const blamed = blamedWords(run.failed, names);
    return {
      title: `${release} no longer confirmed on ${on}: failed${series ? ` with ${series}` : ''} (run ${run.run})`,
      summary: `${release} failed ${tested}${blamed ? `, blamed on ${blamed}` : ''}: it is no longer confirmed working on ${on}.`,
    };
  }
  const reason = event.reason ?? 'no reason given';
  const short = reason.length > reasonInTitle ? `${reason.slice(0, reasonInTitle)}…` : reason;
  if (event.kind === 'withdrawn') return { title: `${release} no longer confirmed on ${on}: withdrawn (${short})`, summary: `An admin withdrew ${release} on ${when}: ${reason}.` };
  return { title: `${release} no longer confirmed on ${on}: blocked (${short})`, summary: `A constraint declared on ${when} rules ${release} out on ${on}: ${reason}.` };
}
