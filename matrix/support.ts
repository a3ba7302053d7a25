// Support and end of life per series (docs/api.md, Support): the dates each origin gives, merged
// field by field (an admin's value wins over upstream's, upstream's over the catalogue's), and
// where a series stands on a given day.
import type { SeriesSupport, SupportDates, SupportNote, SupportState } from './contract.ts';

export type SupportOrigin = 'upstream' | 'admin' | 'catalogue';

/** The dates one origin gives for one series. */
export interface SupportRecord extends SupportDates {
  app: string;
  series: string;
  origin: SupportOrigin;
  /** Upstream's URL, "catalogue", or the admin token's name. */
  source: string | null;
  note: string | null;
}

/** One series' dates after merging its origins. */
export interface SupportEntry {
  app: string;
  series: string;
  dates: SupportDates;
  /** `admin` when any date was set by hand, else the origin that gave them. */
  origin: SupportOrigin;
  source: string | null;
  note: string | null;
  /** Upstream's own dates, kept when an admin's differ from them. */
  upstream: SupportDates | null;
}

/** app → series → merged support. */
export type SupportIndex = Map<string, Map<string, SupportEntry>>;

const dateFields = ['releasedAt', 'activeSupportEnd', 'securitySupportEnd', 'lts'] as const;
const precedence: Record<SupportOrigin, number> = { admin: 0, upstream: 1, catalogue: 2 };

export function emptyDates(): SupportDates {
  return { releasedAt: null, activeSupportEnd: null, securitySupportEnd: null, lts: null };
}

export function mergeSupport(records: readonly SupportRecord[]): SupportIndex {
  const bySeries = new Map<string, SupportRecord[]>();
  for (const record of records) {
    const key = JSON.stringify([record.app, record.series]);
    const list = bySeries.get(key);
    if (list) list.push(record);
    else bySeries.set(key, [record]);
  }
  const index: SupportIndex = new Map();
  for (const list of bySeries.values()) {
    list.sort((a, b) => precedence[a.origin] - precedence[b.origin]);
    const dates = emptyDates();
    for (const field of dateFields) {
      for (const record of list) {
        if (record[field] === null) continue;
        (dates as Record<string, unknown>)[field] = record[field];
        break;
      }
    }
    const admin = list.find((r) => r.origin === 'admin');
    const upstream = list.find((r) => r.origin === 'upstream');
    const main = list[0]!;
    const entry: SupportEntry = {
      app: main.app,
      series: main.series,
      dates,
      origin: main.origin,
      source: main.source,
      note: main.note,
      upstream: admin && upstream && dateFields.some((f) => admin[f] !== null && admin[f] !== upstream[f]) ? pickDates(upstream) : null,
    };
    let perApp = index.get(main.app);
    if (!perApp) index.set(main.app, (perApp = new Map()));
    perApp.set(main.series, entry);
  }
  return index;
}

function pickDates(record: SupportDates): SupportDates {
  return { releasedAt: record.releasedAt, activeSupportEnd: record.activeSupportEnd, securitySupportEnd: record.securitySupportEnd, lts: record.lts };
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `day` (`YYYY-MM-DD`) plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Where a series stands on `today`: an end date is the last day of that support. */
export function supportState(dates: SupportDates, today: string): SupportState {
  if (dates.releasedAt === null && dates.activeSupportEnd === null && dates.securitySupportEnd === null) return 'unknown';
  if (dates.releasedAt !== null && today < dates.releasedAt) return 'future';
  if (dates.securitySupportEnd !== null && today > dates.securitySupportEnd) return 'ended';
  if (dates.activeSupportEnd !== null && today > dates.activeSupportEnd) return 'security';
  return 'supported';
}

export function supportNote(entry: SupportEntry, now: Date): SupportNote {
  return supportNoteOn(entry, dayOf(now));
}

/** The same on a calendar day, `YYYY-MM-DD`. */
export function supportNoteOn(entry: SupportEntry, today: string): SupportNote {
  const end = entry.dates.securitySupportEnd;
  return { series: entry.series, state: supportState(entry.dates, today), ...entry.dates, daysLeft: end === null ? null : daysBetween(today, end) };
}

/** The support of an app's series, or undefined when nothing is known of it. */
export function supportOf(index: SupportIndex, app: string, series: string): SupportEntry | undefined {
  return index.get(app)?.get(series);
}

/** A series still gets security fixes on `now` (or nothing says it does not). */
export function stillSupported(entry: SupportEntry | undefined, now: Date): boolean {
  return !entry || supportState(entry.dates, dayOf(now)) !== 'ended';
}

/** Every series' support as the API lists it, in catalogue order of `apps`, newest series first. */
export function supportList(index: SupportIndex, apps: readonly string[], now: Date, compareSeries: (app: string, a: string, b: string) => number): SeriesSupport[] {
  const list: SeriesSupport[] = [];
  for (const app of apps) {
    const perApp = index.get(app);
    if (!perApp) continue;
    const entries = [...perApp.values()].sort((a, b) => compareSeries(app, b.series, a.series));
    for (const entry of entries) {
      list.push({
        app,
        ...supportNote(entry, now),
        origin: entry.origin,
        source: entry.source,
        note: entry.note,
        ...(entry.upstream ? { upstream: entry.upstream } : {}),
      });
    }
  }
  return list;
}
