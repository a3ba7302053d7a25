// Every app's catalogue entry against its recorded upstream: the right versions and flags.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../test/upstream/server.ts';
import { startWatchHarness, type WatchHarness } from '../test/upstream/watch-harness.ts';
import { scrapeSource } from './kinds/index.ts';
import { mergeSources, normalizeReleases, type NormalizedRelease, type SourceReleases } from './normalize.ts';

interface Expected {
  version: string;
  prerelease: boolean;
  security?: boolean;
  insecure?: boolean;
}

let harness: WatchHarness;
beforeAll(async () => {
  harness = await startWatchHarness();
});
afterAll(async () => {
  await harness.close();
});

async function releasesOf(appId: string): Promise<NormalizedRelease[]> {
  const app = harness.catalog.apps.find((a) => a.id === appId)!;
  const lists: SourceReleases[] = [];
  for (const source of app.sources) {
    const result = await scrapeSource(source, harness.context());
    if (result.status !== 'ok') throw new Error(`${appId} ${source.kind}: ${result.status}`);
    const normalized = normalizeReleases(result.releases, { scheme: app.versioning, now: new Date('2026-11-25T10:00:00Z') });
    lists.push({ releases: normalized.releases, annotateOnly: result.annotateOnly });
  }
  return mergeSources(lists);
}

function expectedOf(appId: string): Expected[] {
  return JSON.parse(readFileSync(path.join(fixturesDir, 'expected', `${appId}.json`), 'utf8')) as Expected[];
}

const appsWithFeeds = ['nextcloud', 'roundcube', 'wordpress', 'asterisk', 'postfixadmin', 'phplist', 'phpmyadmin', 'dolibarr', 'collabora', 'mybb', 'friendica', 'matomo', 'php', 'debian', 'mariadb'];

describe('catalogue entries against the recorded upstream', () => {
  it('gives every app with a feed a source and the hand-entered apps none', () => {
    for (const app of harness.catalog.apps) {
      expect(app.sources.length > 0, app.id).toBe(appsWithFeeds.includes(app.id));
    }
  });

  it.each(appsWithFeeds)('%s: stores exactly the upstream versions with their prerelease, security and insecure flags', async (appId) => {
    const found = await releasesOf(appId);
    const expected = expectedOf(appId);
    const actual = found.map((r) => ({ version: r.version, prerelease: r.prerelease })).sort((a, b) => a.version.localeCompare(b.version));
    expect(actual).toEqual(expected.map(({ version, prerelease }) => ({ version, prerelease })));
    const securityExpected = expected.filter((e) => e.security).map((e) => e.version).sort();
    if (expected.some((e) => e.security !== undefined)) {
      expect(found.filter((r) => r.security).map((r) => r.version).sort()).toEqual(securityExpected);
    }
    if (expected.some((e) => e.insecure !== undefined)) {
      expect(found.filter((r) => r.insecure).map((r) => r.version).sort()).toEqual(expected.filter((e) => e.insecure).map((e) => e.version).sort());
    }
  });

  it('reads the quirks of real tags', async () => {
    const byVersion = async (appId: string) => new Map((await releasesOf(appId)).map((r) => [r.version, r]));
    const nextcloud = await byVersion('nextcloud');
    expect(nextcloud.get('35.0.0-beta.4')).toMatchObject({ prerelease: true, tag: 'v35.0.0beta4' });
    expect(nextcloud.get('34.0.3-rc.2')?.prerelease).toBe(true);
    expect(nextcloud.get('34.0.3')).toMatchObject({ prerelease: false, tag: 'v34.0.3' });
    const wordpress = await byVersion('wordpress');
    expect(wordpress.get('6.7.0')).toMatchObject({ tag: '6.7', prerelease: false, security: false, insecure: true });
    expect(wordpress.get('7.1.0')).toMatchObject({ tag: '7.1', security: false, insecure: false });
    const mariadb = await byVersion('mariadb');
    expect(mariadb.get('11.4.1')?.prerelease).toBe(true);
    expect(mariadb.get('11.4.4')).toMatchObject({ prerelease: false });
    const asterisk = await byVersion('asterisk');
    expect(asterisk.get('20.7-cert3')).toMatchObject({ prerelease: false, tag: 'certified-20.7-cert3' });
    expect(asterisk.get('20.7-cert1-rc.1')?.prerelease).toBe(true);
    expect(asterisk.get('18.9-cert4')).toBeDefined();
    expect(asterisk.get('22.0.0-pre.1')?.prerelease).toBe(true);
    expect(asterisk.has('22.7.0-rc.1')).toBe(false);
    const mybb = await byVersion('mybb');
    expect(mybb.get('1.8.37')).toMatchObject({ tag: 'mybb_1837' });
    const phpmyadmin = await byVersion('phpmyadmin');
    expect(phpmyadmin.get('5.2.1')).toMatchObject({ tag: 'RELEASE_5_2_1' });
    expect(phpmyadmin.get('2.7.1-rc.1')?.prerelease).toBe(true);
    const php = await byVersion('php');
    expect(php.get('8.3.14')).toMatchObject({ tag: 'php-8.3.14', security: true });
    expect(php.get('8.3.14')?.publishedAt?.toISOString()).toMatch(/^2024-11-21/);
    expect(php.get('8.4.0-rc.1')).toMatchObject({ prerelease: true, tag: 'php-8.4.0RC1' });
    const debian = await byVersion('debian');
    expect(debian.get('13.6')?.publishedAt?.toISOString()).toBe('2026-07-11T00:00:00.000Z');
    const matomo = await byVersion('matomo');
    expect(matomo.has('5.3.0-beta.1')).toBe(false);
    expect(matomo.get('5.2.0-beta.5')?.prerelease).toBe(true);
  });
});
