// Sentences about where a series stands (docs/client.md, "Security upgrades and end of support"):
// dates in words ("31 Dec 2026"), in English, and days counted from the answer's own generatedAt,
// never from this machine's clock, so the same answer always prints the same lines.
import type { AppAdvice, SupportNote } from '../matrix/contract.ts';

/** Within this many days of the end of security support, a line warns. */
export const warnDays = 90;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "31 Dec 2026" from "2026-12-31". */
export function dateInWords(day: string): string {
  const [year, month, date] = day.split('-');
  const name = months[Number(month) - 1];
  return name === undefined ? day : `${Number(date)} ${name} ${year}`;
}

/** The UTC calendar day of the answer, `YYYY-MM-DD`. */
function dayOfAnswer(generatedAt: string): string {
  const time = Date.parse(generatedAt);
  return Number.isNaN(time) ? generatedAt.slice(0, 10) : new Date(time).toISOString().slice(0, 10);
}

/** Whole days from the answer's day to `day`; negative when `day` is earlier. */
export function daysFrom(generatedAt: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${dayOfAnswer(generatedAt)}T00:00:00Z`)) / 86_400_000);
}

/** "31 Dec 2026" in words, as of the answer's day. */
export function answerDay(generatedAt: string): string {
  return dateInWords(dayOfAnswer(generatedAt));
}

/** Days until security support ends, from the answer's day; null when no end is known. */
export function daysLeft(note: SupportNote, generatedAt: string): number | null {
  return note.securitySupportEnd === null ? note.daysLeft : daysFrom(generatedAt, note.securitySupportEnd);
}

/** `ended` past the end of security support, `soon` within warnDays of it, `ok` otherwise. */
export type SupportLevel = 'ok' | 'soon' | 'ended';

export function supportLevel(note: SupportNote, generatedAt: string): SupportLevel {
  const days = daysLeft(note, generatedAt);
  if (note.state === 'ended' || (days !== null && days < 0)) return 'ended';
  if (days !== null && days <= warnDays) return 'soon';
  return 'ok';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "(in 31 days)", "(today)", "(335 days ago)". */
function relative(days: number): string {
  if (days === 0) return '(today)';
  return days > 0 ? `(in ${plural(days, 'day')})` : `(${plural(-days, 'day')} ago)`;
}

/** Where a series stands, e.g. "security support ends 31 Dec 2026 (in 31 days)". */
export function describeSupport(note: SupportNote, generatedAt: string): string {
  const end = note.securitySupportEnd;
  const active = note.activeSupportEnd;
  const days = daysLeft(note, generatedAt);
  const level = supportLevel(note, generatedAt);
  if (level === 'ended') return end === null ? 'security support has ended' : `security support ended ${dateInWords(end)}${days === null ? '' : ` ${relative(days)}`}`;
  if (level === 'soon' && end !== null && days !== null) return `security support ends ${dateInWords(end)} ${relative(days)}`;
  switch (note.state) {
    case 'future':
      return note.releasedAt === null ? 'not released yet upstream' : `not released yet upstream (due ${dateInWords(note.releasedAt)})`;
    case 'unknown':
      return 'no support dates known';
    case 'security':
      return end === null ? 'no longer actively supported; end of security fixes not known' : `no longer actively supported; security fixes until ${dateInWords(end)}`;
    default:
      if (active !== null && end !== null && active !== end) return `active support ends ${dateInWords(active)}; security support until ${dateInWords(end)}`;
      if (end !== null) return `supported until ${dateInWords(end)}`;
      if (active !== null) return `active support ends ${dateInWords(active)}; end of security support not known`;
      return 'supported; no end date known';
  }
}

/** "8.3 is confirmed on your stack": the newest series with a safe candidate, when it is another one. */
export function newerSeriesClause(support: NonNullable<AppAdvice['installedSupport']>): string {
  const newer = support.newerSeries;
  if (newer === null || newer.series === support.series) return '';
  return `; ${newer.series} is confirmed on your stack`;
}

/** What a step leads into, e.g. "security support until 31 Dec 2027". */
export function describeStepSupport(note: SupportNote, generatedAt: string): string {
  const end = note.securitySupportEnd;
  const level = supportLevel(note, generatedAt);
  if (level !== 'ok' || end === null) return describeSupport(note, generatedAt);
  return `security support until ${dateInWords(end)}`;
}
