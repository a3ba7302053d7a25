import { describe, expect, it } from 'vitest';
import type { SupportNote } from '../matrix/contract.ts';
import { dateInWords, daysFrom, describeStepSupport, describeSupport, newerSeriesClause, supportLevel } from './support-text.ts';

// Every answer below is "of" 30 Nov 2026; the lines never read this machine's clock.
const generatedAt = '2026-11-30T10:00:00.000Z';

function note(fields: Partial<SupportNote>): SupportNote {
  return { series: '8.2', state: 'supported', releasedAt: '2022-12-08', activeSupportEnd: null, securitySupportEnd: null, lts: null, daysLeft: null, ...fields };
}

describe('dates in words', () => {
  it.each([
    ['2026-12-31', '31 Dec 2026'],
    ['2027-01-01', '1 Jan 2027'],
    ['2028-06-30', '30 Jun 2028'],
  ])('%s is %s', (day, words) => {
    expect(dateInWords(day)).toBe(words);
  });

  it('counts days from the day of the answer, whatever its time of day', () => {
    expect(daysFrom('2026-11-30T23:59:59Z', '2026-12-31')).toBe(31);
    expect(daysFrom('2026-11-30T00:00:00Z', '2025-12-31')).toBe(-334);
    expect(daysFrom('2026-12-01T01:00:00+02:00', '2026-12-31')).toBe(31);
  });
});

describe('the support line of each state', () => {
  it.each<[string, Partial<SupportNote>, string, 'ok' | 'soon' | 'ended']>([
    ['ended', { state: 'ended', activeSupportEnd: '2024-12-31', securitySupportEnd: '2025-12-31', daysLeft: -334 }, 'security support ended 31 Dec 2025 (334 days ago)', 'ended'],
    ['ended yesterday', { state: 'ended', securitySupportEnd: '2026-11-29', daysLeft: -1 }, 'security support ended 29 Nov 2026 (1 day ago)', 'ended'],
    ['ends within 90 days, security fixes only', { state: 'security', activeSupportEnd: '2024-12-31', securitySupportEnd: '2026-12-31', daysLeft: 31 }, 'security support ends 31 Dec 2026 (in 31 days)', 'soon'],
    ['ends today', { state: 'security', activeSupportEnd: '2024-12-31', securitySupportEnd: '2026-11-30', daysLeft: 0 }, 'security support ends 30 Nov 2026 (today)', 'soon'],
    ['ends in exactly 90 days, still supported', { state: 'supported', activeSupportEnd: '2027-02-28', securitySupportEnd: '2027-02-28', daysLeft: 90 }, 'security support ends 28 Feb 2027 (in 90 days)', 'soon'],
    ['security fixes only, beyond 90 days', { state: 'security', activeSupportEnd: '2026-06-10', securitySupportEnd: '2028-06-30', daysLeft: 578 }, 'no longer actively supported; security fixes until 30 Jun 2028', 'ok'],
    ['security fixes only, end unknown', { state: 'security', activeSupportEnd: '2026-06-10' }, 'no longer actively supported; end of security fixes not known', 'ok'],
    ['supported, two ends', { state: 'supported', activeSupportEnd: '2027-12-31', securitySupportEnd: '2028-12-31', daysLeft: 762 }, 'active support ends 31 Dec 2027; security support until 31 Dec 2028', 'ok'],
    ['supported, one end, in 91 days', { state: 'supported', activeSupportEnd: '2027-03-01', securitySupportEnd: '2027-03-01', daysLeft: 91 }, 'supported until 1 Mar 2027', 'ok'],
    ['supported, only the active end known', { state: 'supported', activeSupportEnd: '2027-12-31' }, 'active support ends 31 Dec 2027; end of security support not known', 'ok'],
    ['supported, no end known', { state: 'supported' }, 'supported; no end date known', 'ok'],
    ['not released yet', { state: 'future', releasedAt: '2027-11-20' }, 'not released yet upstream (due 20 Nov 2027)', 'ok'],
    ['no dates at all', { state: 'unknown', releasedAt: null, lts: true }, 'no support dates known', 'ok'],
  ])('%s', (_name, fields, text, level) => {
    expect(describeSupport(note(fields), generatedAt)).toBe(text);
    expect(supportLevel(note(fields), generatedAt)).toBe(level);
  });

  it('counts from the answer, not from the daysLeft of another day', () => {
    // The same note read in an answer a day later: one day less.
    const ending = note({ state: 'security', securitySupportEnd: '2026-12-31', daysLeft: 31 });
    expect(describeSupport(ending, '2026-12-01T08:00:00Z')).toBe('security support ends 31 Dec 2026 (in 30 days)');
  });

  it('names the newer series confirmed on this stack, and only another one', () => {
    const installed = { ...note({ state: 'security', securitySupportEnd: '2026-12-31', daysLeft: 31 }), newerSeries: { series: '8.3', version: '8.3.30', state: 'supported' as const } };
    expect(newerSeriesClause(installed)).toBe('; 8.3 is confirmed on your stack');
    expect(newerSeriesClause({ ...installed, newerSeries: null })).toBe('');
    expect(newerSeriesClause({ ...installed, newerSeries: { series: '8.2', version: '8.2.30', state: 'security' } })).toBe('');
  });
});

describe('the support a step leads into', () => {
  it.each<[string, Partial<SupportNote>, string]>([
    ['supported', { series: '8.3', activeSupportEnd: '2025-12-31', securitySupportEnd: '2027-12-31', state: 'security', daysLeft: 396 }, 'security support until 31 Dec 2027'],
    ['ending soon', { series: '8.3', state: 'security', securitySupportEnd: '2026-12-31', daysLeft: 31 }, 'security support ends 31 Dec 2026 (in 31 days)'],
    ['no end known', { series: '8.3', activeSupportEnd: '2027-12-31' }, 'active support ends 31 Dec 2027; end of security support not known'],
  ])('%s', (_name, fields, text) => {
    expect(describeStepSupport(note(fields), generatedAt)).toBe(text);
  });
});
