// versions.ts at its edges: numbers too large to read exactly, and an app whose scheme changed.
import { describe, expect, it } from 'vitest';
import { compareVersions, normalizeVersion, parseVersion, seriesOf } from './versions.ts';

describe('numeric parts are read exactly or not at all (issue 11)', () => {
  it.each([
    ['1.0.0-rc.1000000000000000000000', 'a prerelease number of 22 digits'],
    ['3.0.0-rc.9007199254740993', 'a prerelease number above 2^53'],
    ['9007199254740993.0.0', 'a release part above 2^53'],
    ['1.2.3-p9007199254740993', 'a post-release number above 2^53'],
    ['1.0.0-rc.1.1000000000000000', 'a second prerelease number of 16 digits'],
    ['1000000000000000.1', 'a release part of 16 digits'],
  ])('refuses %s (%s)', (raw) => {
    expect(parseVersion(raw)).toBeNull();
    expect(normalizeVersion(raw)).toBeNull();
  });

  it('keeps numbers of up to 15 digits, such as Matomo preview timestamps', () => {
    expect(normalizeVersion('5.2.0-b4.20241001110010')).toBe('5.2.0-beta.4.20241001110010');
    expect(normalizeVersion('1.0.0-rc.999999999999999')).toBe('1.0.0-rc.999999999999999');
  });

  it('formats every version it reads so that it reads back the same', () => {
    for (const raw of ['1.0.0-rc.999999999999999', '999999999999999.0.1', '2024.08-1', '20.7-cert1-rc.1']) {
      const scheme = raw.includes('cert') ? 'asterisk' : raw.startsWith('2024') ? 'calver' : 'semver';
      const once = normalizeVersion(raw, scheme)!;
      expect(normalizeVersion(once, scheme)).toBe(once);
    }
  });
});

describe('calendar versions of an app that numbered its releases before (Friendica)', () => {
  it.each([
    ['2.1', '2.1'],
    ['3.6', '3.6'],
    ['3.4.3', '3.4.3'],
    ['3.4.3-2', '3.4.3-2'],
    ['2018.05', '2018.05'],
    ['2024.8', '2024.08'],
    ['2023.04-1', '2023.04-1'],
  ])('writes %s as %s', (raw, canonical) => {
    expect(normalizeVersion(raw, 'calver')).toBe(canonical);
  });

  it('orders the two eras: 2.1 < 3.4.3 < 3.4.3-2 < 3.6 < 2018.05 < 2023.04 < 2023.04-1', () => {
    const ordered = ['2.1', '3.4.3', '3.4.3-2', '3.6', '2018.05', '2023.04', '2023.04-1'];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort((a, b) => compareVersions(a, b, 'calver'))).toEqual(ordered);
  });

  it('takes series of the numbered era without calendar padding', () => {
    expect(seriesOf(parseVersion('3.4.3-2', 'calver')!, 2, 'calver')).toBe('3.4');
    expect(seriesOf(parseVersion('2024.08-1', 'calver')!, 2, 'calver')).toBe('2024.08');
  });
});
