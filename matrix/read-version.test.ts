import { describe, expect, it } from 'vitest';
import { readVersion } from './read-version.ts';
import { formatVersion, type VersionScheme } from './versions.ts';

function read(text: string, scheme: VersionScheme = 'semver'): string | null {
  const parsed = readVersion(text, scheme);
  return parsed ? formatVersion(parsed, scheme) : null;
}

describe('versions as servers and testers write them', () => {
  const cases: Array<[string, VersionScheme, string | null]> = [
    ['8.2.33', 'semver', '8.2.33'],
    ['v30.0.2', 'semver', '30.0.2'],
    ['8.2.33-1+deb12u1', 'semver', '8.2.33'],
    ['1:10.11.14-0+deb12u1', 'semver', '10.11.14'],
    ['10.11.14-MariaDB-0+deb12u1', 'semver', '10.11.14'],
    ['10.11.14-MariaDB', 'semver', '10.11.14'],
    ['10.11.14-MariaDB-log', 'semver', '10.11.14'],
    ['8.1.2-1ubuntu2.14', 'semver', '8.1.2'],
    ['8.2.26-1+0~20241121.93+debian12~1.gbp8a6b2c', 'semver', '8.2.26'],
    ['8.4.0~rc1-1+deb13u1', 'semver', '8.4.0-rc.1'],
    ['PHP 8.2.33 (cli) (built: Jul  4 2025 12:00:00) (NTS)\nCopyright (c) The PHP Group\nZend Engine v4.2.33', 'semver', '8.2.33'],
    ['mariadb  Ver 15.1 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64) using  EditLine wrapper', 'semver', '10.11.19'],
    ['mariadb from 11.4.4-MariaDB, client 15.2 for debian-linux-gnu (x86_64) using  EditLine wrapper', 'semver', '11.4.4'],
    ['Asterisk 20.5.0 built by root', 'asterisk', '20.5'.concat('.0')],
    // A hotfix or build written as a version keeps its number: no packaging follows it.
    ['2024.08-1', 'calver', '2024.08-1'],
    ['24.04.13-3', 'collabora', '24.04.13-3'],
    ['banana', 'semver', null],
    ['', 'semver', null],
    ['PHP', 'semver', null],
  ];
  it.each(cases)('%j in %s → %s', (text, scheme, expected) => {
    expect(read(text, scheme)).toBe(expected);
  });
});
