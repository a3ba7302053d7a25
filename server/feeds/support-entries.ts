// Feed items about the end of security support of the series a stack runs (its components): one
// 30 days before the last day of security support, and one the day after it, each per stack, each
// only once its day has come. They interleave with the release events by date.
import type { Stack } from '../../matrix/contract.ts';
import { addDays, supportOf } from '../../matrix/support.ts';
import { formatDate } from '../pages/format.ts';
import { escapeHtml, safeHref } from '../pages/html.ts';
import { appPagePath } from '../pages/paths.ts';
import { endingWithinDays, sourceWords, supportAnchor } from '../pages/support-view.ts';
import type { FeedEntry, FeedScope } from './feed-entries.ts';

/**
 * The items whose day is `today` or earlier, by stack and catalogue order (the feed sorts them
 * with the release events). Of every declared stack, or the scope's one; of every component, or the
 * scope's app. None with no stack declared: any platform runs no series in particular.
 */
export function supportEntries(scope: FeedScope, today: string, baseUrl: string): FeedEntry[] {
  const { registry } = scope;
  const stacks = scope.stack ? [scope.stack] : registry.stacks;
  const entries: FeedEntry[] = [];
  for (const stack of stacks) {
    for (const app of registry.appList) {
      const appId = app.info.id;
      const series = stack.components[appId];
      if (series === undefined || (scope.appId !== null && scope.appId !== appId)) continue;
      const support = supportOf(registry.support, appId, series);
      const end = support?.dates.securitySupportEnd;
      if (!support || !end) continue;
      const about: About = { stack, appId, name: `${app.info.name} ${series}`, series, end, source: sourceWords(support), note: support.note, link: `${baseUrl}${appPagePath(registry, stack, appId)}#${supportAnchor(series)}` };
      const warning = addDays(end, -endingWithinDays);
      if (warning <= today) entries.push(entry(about, 'ends-soon', warning));
      const ended = addDays(end, 1);
      if (ended <= today) entries.push(entry(about, 'ended', ended));
    }
  }
  return entries;
}

interface About {
  stack: Stack;
  appId: string;
  /** `PHP 8.2`. */
  name: string;
  series: string;
  /** Last day of security support. */
  end: string;
  source: string;
  /** The admin's note on the dates; null when none. */
  note: string | null;
  link: string;
}

/** `tag:vetted,2026:stack/bookworm/support/php/8.2/2026-12-31/ends-soon`: a new end date is a new item. */
export function supportEntryId(stack: Stack, appId: string, series: string, end: string, kind: 'ends-soon' | 'ended'): string {
  return `tag:vetted,2026:stack/${encodeURIComponent(stack.id)}/support/${encodeURIComponent(appId)}/${encodeURIComponent(series)}/${end}/${kind}`;
}

function entry(about: About, kind: 'ends-soon' | 'ended', day: string): FeedEntry {
  const { stack, name, end } = about;
  const last = formatDate(end);
  const title = kind === 'ends-soon' ? `${name} security support ends ${last} (${stack.name})` : `${name} security support ended ${last} (${stack.name})`;
  const what = kind === 'ends-soon'
    ? `${name} gets security fixes only until ${last}; after that day upstream fixes no vulnerabilities in it.`
    : `${name} no longer gets security fixes: its security support ended ${last}.`;
  const summary = `${what} ${stack.name} runs ${name}: plan the move to a newer series. Dates from ${about.source}.`;
  const html = [`<p>${escapeHtml(what)} ${escapeHtml(stack.name)} runs ${escapeHtml(name)}: plan the move to a newer series.</p>`];
  const source = safeHref(about.source);
  html.push(source ? `<p>Dates from <a href="${escapeHtml(source)}">${escapeHtml(source)}</a>.</p>` : `<p>Dates from ${escapeHtml(about.source)}.</p>`);
  if (about.note) html.push(`<p>The admin’s note: ${escapeHtml(about.note)}</p>`);
  html.push(`<p><a href="${escapeHtml(about.link)}">${escapeHtml(name)} on ${escapeHtml(stack.name)}: the support of each series, and which releases are confirmed working there</a></p>`);
  return {
    id: supportEntryId(stack, about.appId, about.series, end, kind),
    appId: about.appId,
    title,
    link: about.link,
    at: new Date(`${day}T00:00:00Z`),
    summary,
    contentHtml: html.join('\n'),
  };
}
