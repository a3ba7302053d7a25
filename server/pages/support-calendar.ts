// GET /support.ics: every known end of support as an all-day event (iCalendar, RFC 5545, written
// by ical-generator): per app and series, the end of active support and the end of security
// support (one event when both fall on the same day). Of every app, or one; of every series, or
// those a stack runs (its components).
import ical, { ICalEventTransparency } from 'ical-generator';
import type { Stack } from '../../matrix/contract.ts';
import type { Registry } from '../../matrix/registry.ts';
import { defaultStack } from '../../matrix/stacks.ts';
import type { SupportEntry } from '../../matrix/support.ts';
import { compareVersions } from '../../matrix/versions.ts';
import { formatDate } from './format.ts';
import { appPagePath } from './paths.ts';
import { sourceWords, supportAnchor } from './support-view.ts';

export interface CalendarScope {
  registry: Registry;
  /** One app; every app when null. */
  appId: string | null;
  /** Only the series this stack runs; every series when null. */
  stack: Stack | null;
  /** Absolute base of the links, e.g. `https://vetted.example.org`. */
  baseUrl: string;
  /** DTSTAMP of every event: when this state of the registry was first seen. */
  stamp: Date;
}

export type SupportEndKind = 'active' | 'security' | 'support';

export interface SupportEvent {
  appId: string;
  series: string;
  kind: SupportEndKind;
  /** The last day of that support, `YYYY-MM-DD`. */
  day: string;
  entry: SupportEntry;
}

/** The events, in catalogue order, newest series first, the earlier end first. */
export function supportEvents(scope: Pick<CalendarScope, 'registry' | 'appId' | 'stack'>): SupportEvent[] {
  const { registry } = scope;
  const events: SupportEvent[] = [];
  for (const app of registry.appList) {
    const appId = app.info.id;
    if (scope.appId !== null && appId !== scope.appId) continue;
    const perApp = registry.support.get(appId);
    if (!perApp) continue;
    const only = scope.stack ? scope.stack.components[appId] : undefined;
    if (scope.stack && only === undefined) continue;
    const entries = [...perApp.values()]
      .filter((entry) => only === undefined || entry.series === only)
      .sort((a, b) => compareVersions(b.series, a.series, app.info.versioning));
    for (const entry of entries) {
      const { activeSupportEnd: active, securitySupportEnd: security } = entry.dates;
      const base = { appId, series: entry.series, entry };
      if (active !== null && active === security) {
        events.push({ ...base, kind: 'support', day: active });
        continue;
      }
      if (active !== null) events.push({ ...base, kind: 'active', day: active });
      if (security !== null) events.push({ ...base, kind: 'security', day: security });
    }
  }
  return events;
}

const summaries: Record<SupportEndKind, string> = {
  active: 'end of active support',
  security: 'end of security support',
  support: 'end of active and security support',
};

/** Stable: names the app, the series and which support ends, not the day (a moved date moves the event). */
export function supportEventUid(event: Pick<SupportEvent, 'appId' | 'series' | 'kind'>): string {
  return `support/${encodeURIComponent(event.appId)}/${encodeURIComponent(event.series)}/${event.kind}@vetted`;
}

export function renderSupportCalendar(scope: CalendarScope): string {
  const { registry } = scope;
  const appName = scope.appId === null ? null : (registry.apps.get(scope.appId)?.info.name ?? scope.appId);
  const where = scope.stack ? ` on ${scope.stack.name}` : '';
  const calendar = ical({
    name: `${appName ?? 'vetted'}: end of support${where}`,
    description: `Each known end of active and of security support of ${appName ?? 'the suite’s apps and platform'}${scope.stack ? `, for the series ${scope.stack.name} runs` : ', per series'}: all-day events on the last day of that support.`,
    prodId: { company: 'vetted', product: 'support-calendar', language: 'EN' },
    // Support dates change seldom; a calendar app may ask once a day.
    ttl: 24 * 60 * 60,
  });
  for (const event of supportEvents(scope)) {
    const name = `${registry.apps.get(event.appId)?.info.name ?? event.appId} ${event.series}`;
    const start = new Date(`${event.day}T00:00:00Z`);
    calendar.createEvent({
      id: supportEventUid(event),
      allDay: true,
      start,
      end: new Date(start.getTime() + 86_400_000),
      stamp: scope.stamp,
      summary: `${name}: ${summaries[event.kind]}`,
      description: describe(name, event),
      url: `${scope.baseUrl}${appPagePath(registry, scope.stack ?? defaultStack(registry), event.appId)}#${supportAnchor(event.series)}`,
      // A deadline to note, not time taken: free/busy stays free.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}

function describe(name: string, event: SupportEvent): string {
  const { dates } = event.entry;
  const day = formatDate(event.day);
  const lines = [
    event.kind === 'active'
      ? `${day} is the last day of active support of ${name}: after it, upstream fixes only vulnerabilities.`
      : `${day} is the last day of ${event.kind === 'support' ? 'support' : 'security support'} of ${name}: after it, upstream fixes no vulnerabilities in it.`,
  ];
  const facts: string[] = [];
  if (dates.releasedAt) facts.push(`released ${formatDate(dates.releasedAt)}`);
  if (dates.activeSupportEnd) facts.push(`active support until ${formatDate(dates.activeSupportEnd)}`);
  if (dates.securitySupportEnd) facts.push(`security support until ${formatDate(dates.securitySupportEnd)}`);
  if (dates.lts !== null) facts.push(dates.lts ? 'long-term support' : 'not a long-term support series');
  lines.push(`${name}: ${facts.join('; ')}.`);
  lines.push(`Source: ${sourceWords(event.entry)}.`);
  if (event.entry.note) lines.push(`Note: ${event.entry.note}`);
  return lines.join('\n');
}
