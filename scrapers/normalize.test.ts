// The shared normalising step and the merge of an app's sources.
import { describe, expect, it } from 'vitest';
import { mergeSources, normalizeReleases, parseLooseDate, type NormalizedRelease } from './normalize.ts';
import type { ScrapedRelease } from './source-kind.ts';

const now = new Date('2026-11-25T10:00:00Z');

function scraped(version: string, extra: Partial<ScrapedRelease> = {}): ScrapedRelease {
  return { version, tag: version, publishedAt: null, prerelease: false, draft: false, url: null, security: false, insecure: false, title: null, notes: null, ...extra };
}

describe('normalizeReleases', () => {
  it('drops drafts and future-dated entries and counts them', () => {
    const outcome = normalizeReleases([scraped('1.0.0', { draft: true }), scraped('1.1.0', { publishedAt: new Date('2027-01-01T00:00:00Z') }), scraped('1.0.1')], { scheme: 'semver', now });
    expect(outcome.releases.map((r) => r.version)).toEqual(['1.0.1']);
    expect(outcome.dropped).toEqual({ drafts: 1, future: 1, unparseable: 0 });
  });

  it('drops and counts what is not a version instead of failing', () => {
    const outcome = normalizeReleases([scraped('push'), scraped('v4.0.2-test'), scraped('v4.0.2')], { scheme: 'semver', now });
    expect(outcome.releases.map((r) => r.version)).toEqual(['4.0.2']);
    expect(outcome.dropped.unparseable).toBe(2);
    expect(outcome.unparseableSamples).toEqual(['push', 'v4.0.2-test']);
  });

  it('flags prereleases from the version or from upstream', () => {
    const outcome = normalizeReleases([scraped('31.0.0rc1'), scraped('11.4.1', { prerelease: true }), scraped('6.7')], { scheme: 'semver', now });
    expect(outcome.releases.map((r) => [r.version, r.prerelease])).toEqual([['31.0.0-rc.1', true], ['11.4.1', true], ['6.7.0', false]]);
  });

  it.each([
    ['a title saying security', { title: 'Roundcube Webmail 1.5.10 security update' }, true],
    ['a CVE id in the notes', { notes: 'Fixes CVE-2025-49113.' }, true],
    ['upstream\'s own flag', { security: true }, true],
    ['a plain title and notes', { title: 'Matomo 5.1.1', notes: 'Bug fixes.' }, false],
  ])('marks security from %s', (_, extra, expected) => {
    expect(normalizeReleases([scraped('1.0.0', extra)], { scheme: 'semver', now }).releases[0]!.security).toBe(expected);
  });

  it('keeps one release per canonical version', () => {
    const outcome = normalizeReleases([scraped('v.3.6.5'), scraped('v3.6.5', { publishedAt: new Date('2021-01-01T00:00:00Z') })], { scheme: 'semver', now });
    expect(outcome.releases).toHaveLength(1);
    expect(outcome.releases[0]).toMatchObject({ version: '3.6.5', tag: 'v.3.6.5', publishedAt: new Date('2021-01-01T00:00:00Z') });
  });
});

describe('mergeSources', () => {
  const release = (version: string, extra: Partial<NormalizedRelease> = {}): NormalizedRelease => ({ version, tag: null, publishedAt: null, prerelease: false, url: null, security: false, insecure: false, ...extra });

  it('lets the first source decide, fills gaps from later ones and ors the flags', () => {
    const merged = mergeSources([
      { releases: [release('8.3.14', { publishedAt: new Date('2024-11-21T00:00:00Z'), security: true })], annotateOnly: false },
      { releases: [release('8.3.14', { tag: 'php-8.3.14' }), release('8.4.0-rc.1', { tag: 'php-8.4.0RC1', prerelease: true })], annotateOnly: false },
    ]);
    expect(merged).toEqual([
      release('8.3.14', { publishedAt: new Date('2024-11-21T00:00:00Z'), security: true, tag: 'php-8.3.14' }),
      release('8.4.0-rc.1', { tag: 'php-8.4.0RC1', prerelease: true }),
    ]);
  });

  it('lets an annotating source flag versions but add none', () => {
    const merged = mergeSources([
      { releases: [release('6.7.0', { tag: '6.7' })], annotateOnly: false },
      { releases: [release('6.7.0', { insecure: true }), release('0.71.0', { insecure: true })], annotateOnly: true },
    ]);
    expect(merged).toEqual([release('6.7.0', { tag: '6.7', insecure: true })]);
  });

  it('lets an annotating source flag a stored version that no other source listed this time', () => {
    const merged = mergeSources([
      { releases: [release('6.8.0', { tag: '6.8' })], annotateOnly: false },
      { releases: [release('6.7.0', { insecure: true }), release('0.71.0', { insecure: true })], annotateOnly: true },
    ], new Set(['6.7.0']));
    expect(merged).toEqual([release('6.8.0', { tag: '6.8' }), release('6.7.0', { insecure: true })]);
  });
});

describe('parseLooseDate', () => {
  it.each([
    ['2026-07-11', '2026-07-11T00:00:00.000Z'],
    ['2024-10-21T12:00:00Z', '2024-10-21T12:00:00.000Z'],
    ['30 Jul 2026', '2026-07-30T00:00:00.000Z'],
    ['July 11th, 2026', '2026-07-11T00:00:00.000Z'],
    ['August 9th, 2025', '2025-08-09T00:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseLooseDate(text)?.toISOString()).toBe(iso);
  });

  it('gives null for what is not a date', () => {
    expect(parseLooseDate('soon')).toBeNull();
    expect(parseLooseDate(null)).toBeNull();
  });
});
