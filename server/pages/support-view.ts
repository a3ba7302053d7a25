// Support and end of life of the series a page is about, in words (docs/public-surfaces.md): the
// tested-versions row's support column and marks, and the app page's table of series. Dates are
// calendar days (UTC); "today" is the injected clock's, so a page is the same all day long.
import type { Stack, SupportState } from '../../matrix/contract.ts';
import type { AppEntry, Registry, ReleaseEntry } from '../../matrix/registry.ts';
import { supportNoteOn, supportOf, type SupportEntry } from '../../matrix/support.ts';
import type { ReleaseInfo } from '../../matrix/types.ts';
import { compareParsed, compareVersions } from '../../matrix/versions.ts';
import { formatDate } from './format.ts';
import { safeHref } from './html.ts';

/** A series whose security support ends within this many days is flagged, as one that has ended. */
export const endingWithinDays = 30;

export type SupportTone = 'ok' | 'ending' | 'ended';

export interface SupportWords {
  series: string;
  state: SupportState;
  /** `security support until 31 Dec 2026`, `ended 10 May 2026`, `supported until 11 Jul 2026`, `supported`. */
  text: string;
  /** `ended`, or `ending` within 30 days: flagged on the page with a symbol and words. */
  tone: SupportTone;
  /** `ends in 12 days`, `last day today`; null unless ending. */
  soon: string | null;
  /** Some date was set by an admin. */
  admin: boolean;
}

/** The support of a series in words; null when nothing is known of it (nothing is shown then). */
export function supportWords(entry: SupportEntry | undefined, today: string): SupportWords | null {
  if (!entry) return null;
  const { state, daysLeft } = supportNoteOn(entry, today);
  if (state === 'unknown') return null;
  const ending = state !== 'ended' && state !== 'future' && daysLeft !== null && daysLeft <= endingWithinDays;
  return {
    series: entry.series,
    state,
    text: stateText(state, entry),
    tone: state === 'ended' ? 'ended' : ending ? 'ending' : 'ok',
    soon: ending ? (daysLeft === 0 ? 'last day today' : `ends in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`) : null,
    admin: entry.origin === 'admin',
  };
}

function stateText(state: SupportState, entry: SupportEntry): string {
  const { releasedAt, activeSupportEnd, securitySupportEnd } = entry.dates;
  switch (state) {
    case 'future':
      return releasedAt ? `not released yet (due ${formatDate(releasedAt)})` : 'not released yet';
    case 'supported':
      if (activeSupportEnd && securitySupportEnd && activeSupportEnd !== securitySupportEnd) return `supported until ${formatDate(activeSupportEnd)}, security fixes until ${formatDate(securitySupportEnd)}`;
      if (activeSupportEnd ?? securitySupportEnd) return `supported until ${formatDate((activeSupportEnd ?? securitySupportEnd)!)}`;
      return 'supported';
    case 'security':
      return securitySupportEnd ? `security support until ${formatDate(securitySupportEnd)}` : 'security fixes only';
    case 'ended':
      return `ended ${formatDate(securitySupportEnd!)}`;
    case 'unknown':
      return '';
  }
}

export interface RowSupport {
  /** The series the row is about, with its support; null when nothing is known of it. */
  current: (SupportWords & { label: string }) | null;
  /** `8.3 confirmed`: a newer series confirmed working on the stack than the one it runs; null when none. */
  nextConfirmed: string | null;
}

/**
 * The support shown in an app's row on a stack: of the stack's series of a platform component,
 * or of the series of the newest release confirmed there for every other app.
 */
export function rowSupport(registry: Registry, stack: Stack, appId: string, confirmedVersion: string | null, today: string): RowSupport {
  const app = registry.apps.get(appId);
  const confirmed = confirmedVersion !== null ? app?.byVersion.get(confirmedVersion) : undefined;
  const component = stack.components[appId];
  const series = component ?? confirmed?.series;
  const name = app?.info.name ?? appId;
  const words = series === undefined ? null : supportWords(supportOf(registry.support, appId, series), today);
  let nextConfirmed: string | null = null;
  if (component !== undefined && confirmed && app && compareVersions(confirmed.series, component, app.info.versioning) > 0) nextConfirmed = `${confirmed.series} confirmed`;
  return { current: words && { ...words, label: `${name} ${words.series}` }, nextConfirmed };
}

export interface RowMarks {
  /** Upstream marks the newest confirmed release as fixing vulnerabilities. */
  confirmedFix: boolean;
  /** Upstream lists the newest confirmed release as vulnerable. */
  confirmedVulnerable: boolean;
  latestFix: boolean;
  latestVulnerable: boolean;
  /** The newest release between the confirmed and the newest one that fixes vulnerabilities; null when none. */
  newerFix: string | null;
}

/** The security marks of a row: on the newest confirmed release, the newest release, and a security fix in between. */
export function rowMarks(registry: Registry, appId: string, confirmedVersion: string | null, latestVersion: string | null): RowMarks {
  const app = registry.apps.get(appId);
  const release = (version: string | null): ReleaseEntry | undefined => (version === null ? undefined : app?.byVersion.get(version));
  const confirmed = release(confirmedVersion)?.info;
  const latest = release(latestVersion)?.info;
  return {
    confirmedFix: confirmed?.security ?? false,
    confirmedVulnerable: confirmed?.insecure ?? false,
    latestFix: latest?.security ?? false,
    latestVulnerable: latest?.insecure ?? false,
    newerFix: app && confirmed && latest ? fixBetween(app, confirmed, latest) : null,
  };
}

/** The newest final, not withdrawn release strictly between `from` and `to` that upstream marks as a security fix. */
function fixBetween(app: AppEntry, from: ReleaseInfo, to: ReleaseInfo): string | null {
  for (let i = app.releases.length - 1; i >= 0; i--) {
    const { info } = app.releases[i]!;
    if (compareParsed(info.parsed, from.parsed) <= 0) break;
    if (info.prerelease || info.withdrawn || compareParsed(info.parsed, to.parsed) >= 0) continue;
    if (info.security) return info.version;
  }
  return null;
}

export interface SupportRowView {
  series: string;
  /** Fragment id of the row (`support-8.2`), linked from the feeds. */
  anchor: string;
  /** Calendar days, `YYYY-MM-DD`; null when not known. */
  releasedAt: string | null;
  activeSupportEnd: string | null;
  securitySupportEnd: string | null;
  lts: 'yes' | 'no' | null;
  /** `Supported`, `Security fixes only`, `Ended`, `Not released yet`, `Unknown`. */
  stateLabel: string;
  tone: SupportTone;
  soon: string | null;
  /** `set by an admin (name)` when an admin set a date; null otherwise. */
  origin: string | null;
  /** Where the dates come from: a link (upstream's http(s) URL) or words. */
  source: { text: string; href: string | null } | null;
  /** The admin's note. */
  note: string | null;
  /** What upstream says when an admin's dates differ from it. */
  upstream: string | null;
  /** The series this page's stack runs (a component) or has confirmed (the newest confirmed release's). */
  onStack: boolean;
}

const stateLabels: Record<SupportState, string> = {
  future: 'Not released yet',
  supported: 'Supported',
  security: 'Security fixes only',
  ended: 'Ended',
  unknown: 'Unknown',
};

/** Every series of the app with known support, newest first. */
export function supportRows(registry: Registry, appId: string, onStack: ReadonlySet<string>, today: string): SupportRowView[] {
  const perApp = registry.support.get(appId);
  const app = registry.apps.get(appId);
  if (!perApp || !app) return [];
  const scheme = app.info.versioning;
  const entries = [...perApp.values()].sort((a, b) => compareVersions(b.series, a.series, scheme));
  return entries.map((entry): SupportRowView => {
    const { dates } = entry;
    const words = supportWords(entry, today);
    const upstream = entry.upstream;
    return {
      series: entry.series,
      anchor: supportAnchor(entry.series),
      releasedAt: dates.releasedAt,
      activeSupportEnd: dates.activeSupportEnd,
      securitySupportEnd: dates.securitySupportEnd,
      lts: dates.lts === null ? null : dates.lts ? 'yes' : 'no',
      stateLabel: stateLabels[words?.state ?? 'unknown'],
      tone: words?.tone ?? 'ok',
      soon: words?.soon ?? null,
      origin: entry.origin === 'admin' ? `set by an admin${entry.source ? ` (${entry.source})` : ''}` : null,
      source: entry.origin === 'admin' ? null : sourceView(entry),
      note: entry.note,
      upstream: upstream ? upstreamText(upstream) : null,
      onStack: onStack.has(entry.series),
    };
  });
}

function sourceView(entry: SupportEntry): { text: string; href: string | null } | null {
  if (entry.origin === 'catalogue') return { text: 'vetted’s catalogue', href: null };
  if (!entry.source) return null;
  return { text: entry.source, href: safeHref(entry.source) };
}

function upstreamText(dates: SupportEntry['dates']): string {
  const parts: string[] = [];
  if (dates.activeSupportEnd) parts.push(`active support until ${formatDate(dates.activeSupportEnd)}`);
  if (dates.securitySupportEnd) parts.push(`security support until ${formatDate(dates.securitySupportEnd)}`);
  return parts.length > 0 ? `Upstream says ${parts.join(', ')}.` : 'Upstream gives no end dates.';
}

/** Where the dates of a series come from, in a sentence's words (feeds, calendar). */
export function sourceWords(entry: SupportEntry): string {
  if (entry.origin === 'admin') return `an admin${entry.source ? ` (${entry.source})` : ''}`;
  if (entry.origin === 'catalogue') return 'vetted’s catalogue';
  return entry.source ?? 'upstream';
}

/** The series of an app a stack runs (a component) or has confirmed (the newest confirmed release's). */
export function seriesOnStack(registry: Registry, stack: Stack, appId: string, confirmedVersion: string | null): Set<string> {
  const set = new Set<string>();
  const component = stack.components[appId];
  if (component !== undefined) set.add(component);
  const confirmed = confirmedVersion === null ? undefined : registry.apps.get(appId)?.byVersion.get(confirmedVersion);
  if (confirmed && component === undefined) set.add(confirmed.series);
  return set;
}

/** `support-8.2`: a fragment id that is valid HTML whatever the series' characters. */
export function supportAnchor(series: string): string {
  return `support-${series.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}
