// versions.ts on the tags the watcher meets upstream (shared/upstream/README.md).
import { describe, expect, it } from 'vitest';
import { compareVersions, normalizeVersion, type VersionScheme } from './versions.ts';

describe('normalizeVersion on real tags', () => {
  const cases: Array<[string, VersionScheme, string | null]> = [
    ['v30.0.2', 'semver', '30.0.2'],
    ['v35.0.0beta4', 'semver', '35.0.0-beta.4'],
    ['v10.0.1RC1', 'semver', '10.0.1-rc.1'],
    ['RELEASE_5_2_1', 'semver', '5.2.1'],
    ['RELEASE_2_10_0_2', 'semver', '2.10.0.2'],
    ['RELEASE_2_7_1RC1', 'semver', '2.7.1-rc.1'],
    ['php-8.3.14', 'semver', '8.3.14'],
    ['php-8.4.0RC1', 'semver', '8.4.0-rc.1'],
    ['mariadb-11.4.4', 'semver', '11.4.4'],
    ['6.7', 'semver', '6.7.0'],
    ['1.6-beta', 'semver', '1.6.0-beta'],
    ['1.7-rc2', 'semver', '1.7.0-rc.2'],
    ['31.0.0rc1', 'semver', '31.0.0-rc.1'],
    ['postfixadmin-3.3-unstable', 'semver', '3.3.0-dev'],
    ['v3.6.12-RC', 'semver', '3.6.12-rc'],
    ['5.2.0-b5', 'semver', '5.2.0-beta.5'],
    ['certified-20.7-cert3', 'asterisk', '20.7-cert3'],
    ['certified/18.9-cert4', 'asterisk', '18.9-cert4'],
    ['certified-20.7-cert1-rc1', 'asterisk', '20.7-cert1-rc.1'],
    ['21.0.0-pre1', 'asterisk', '21.0.0-pre.1'],
    ['cp-24.04.13-3', 'collabora', '24.04.13-3'],
    // What coolwsd --version prints for the same build.
    ['24.04.13.3', 'collabora', '24.04.13-3'],
    ['2023.04-1', 'calver', '2023.04-1'],
    ['push', 'semver', null],
    ['v4.0.2-test', 'semver', null],
  ];
  it.each(cases)('%s (%s) → %s', (raw, scheme, expected) => {
    expect(normalizeVersion(raw, scheme)).toBe(expected);
  });

  it('reads its own certified-rc spelling back', () => {
    expect(normalizeVersion('20.7-cert1-rc.1', 'asterisk')).toBe('20.7-cert1-rc.1');
  });
});

describe('compareVersions on certified builds', () => {
  it.each([
    ['20.7-cert1-rc.1', '20.7-cert1', -1],
    ['20.7-cert2-rc.1', '20.7-cert1', 1],
    ['20.7-cert3', '20.7-cert2', 1],
  ] as const)('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b, 'asterisk'))).toBe(sign);
  });
});
