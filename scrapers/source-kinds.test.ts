// Each source kind on its own against the recorded upstream: fixture → releases, 304 →
// not-modified, changed markup → a clear error, 429/5xx → retried, then a failure.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWatchHarness, testPolicy, type WatchHarness } from '../test/upstream/watch-harness.ts';
import { scrapeGithubReleases } from './github-releases.ts';
import { scrapeGithubTags } from './github-tags.ts';
import { scrapeHtml } from './html.ts';
import { scrapeJson } from './json.ts';
import type { ScrapeResult } from './scrape-types.ts';
import { Source, type GithubReleasesSource, type GithubTagsSource, type HtmlSource, type JsonSource } from './source-config.ts';
import { createValidatorCache } from './validator-cache.ts';

let harness: WatchHarness;
beforeAll(async () => {
  harness = await startWatchHarness();
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.upstream.clearFaults();
  harness.upstream.clearLog();
});

function sourceOf<K extends Source['kind']>(app: string, kind: K): Extract<Source, { kind: K }> {
  const found = harness.catalog.apps.find((a) => a.id === app)!.sources.find((s) => s.kind === kind);
  return found as Extract<Source, { kind: K }>;
}

function ok(result: ScrapeResult) {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${result.status}`);
  return result;
}

describe('github-tags', () => {
  const source = (): GithubTagsSource => sourceOf('nextcloud', 'github-tags');

  it('follows Link pagination and reads every tag that include matches', async () => {
    const ctx = harness.context();
    const result = ok(await scrapeGithubTags(source(), ctx));
    expect(result.releases).toHaveLength(766);
    expect(result.releases[0]).toMatchObject({ version: '35.0.0beta4', tag: 'v35.0.0beta4', publishedAt: null });
    expect(result.releases[0]!.url).toBe(`${harness.upstream.url}/nextcloud/server/tree/v35.0.0beta4`);
    // 768 tags at GitHub's largest page of 100.
    expect(ctx.requests()).toBe(8);
    expect(harness.upstream.requests.map((r) => r.query)).toContain('per_page=100&page=8');
  });

  it('returns not-modified when the first page answers 304', async () => {
    const validators = createValidatorCache();
    await scrapeGithubTags(source(), harness.context({ validators }));
    const stored = createValidatorCache(validators.pending());
    const ctx = harness.context({ validators: stored });
    expect(await scrapeGithubTags(source(), ctx)).toEqual({ status: 'not-modified' });
    expect(ctx.requests()).toBe(1);
  });

  it('stops paging at the first page holding only known tags', async () => {
    const all = ok(await scrapeGithubTags(source(), harness.context()));
    const ctx = harness.context({ known: new Set(all.releases.map((r) => r.tag!)) });
    const result = ok(await scrapeGithubTags(source(), ctx));
    expect(ctx.requests()).toBe(1);
    expect(result.partial).toBe(true);
  });

  it('fails clearly on an empty list', async () => {
    harness.upstream.inject({ path: '/repos/nextcloud/server/tags', fault: { kind: 'empty' } });
    await expect(scrapeGithubTags(source(), harness.context())).rejects.toThrow('GitHub nextcloud/server lists no tags');
  });

  it('retries a 5xx, then fails with the status', async () => {
    harness.upstream.inject({ path: '/repos/nextcloud/server/tags', fault: { kind: 'status', status: 500 } });
    const ctx = harness.context();
    await expect(scrapeGithubTags(source(), ctx)).rejects.toThrow(/nextcloud\/server tags .*500|failed/);
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });

  it('waits out a secondary rate limit (429, retry-after) and goes on', async () => {
    harness.upstream.inject({ path: '/repos/nextcloud/server/tags', fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 2 }, times: 1 });
    const ctx = harness.context();
    expect(ok(await scrapeGithubTags(source(), ctx)).releases).toHaveLength(766);
    expect(harness.log.lines.some((l) => l.message === 'GitHub rate limit hit')).toBe(true);
  });

  it('fails after the bounded retries when the rate limit persists', async () => {
    harness.upstream.inject({ path: '/repos/nextcloud/server/tags', fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 1 } });
    const ctx = harness.context();
    await expect(scrapeGithubTags(source(), ctx)).rejects.toThrow(/429/);
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });
});

describe('github-releases', () => {
  const source = (): GithubReleasesSource => sourceOf('matomo', 'github-releases');

  it('reads dates, prerelease and draft flags, titles and notes', async () => {
    const result = ok(await scrapeGithubReleases(source(), harness.context()));
    const byTag = new Map(result.releases.map((r) => [r.tag, r]));
    expect(byTag.get('5.2.0-b5')).toMatchObject({ prerelease: true, draft: false, publishedAt: new Date('2024-10-21T12:00:00Z') });
    expect(byTag.get('5.2.1')).toMatchObject({ draft: true, publishedAt: null });
    expect(byTag.get('5.1.2')!.notes).toContain('CVE-2024-41953');
  });

  it('returns not-modified on 304', async () => {
    const validators = createValidatorCache();
    await scrapeGithubReleases(source(), harness.context({ validators }));
    expect(await scrapeGithubReleases(source(), harness.context({ validators: createValidatorCache(validators.pending()) }))).toEqual({ status: 'not-modified' });
  });

  it('drops and counts an entry of the wrong shape instead of failing', async () => {
    harness.upstream.prependGithub('matomo-org/matomo', 'releases', { tag_name: 42, draft: 'no' });
    const result = ok(await scrapeGithubReleases(source(), harness.context()));
    expect(result.dropped).toBe(1);
    expect(result.releases.length).toBeGreaterThan(10);
  });
});

describe('html', () => {
  const source = (): HtmlSource => sourceOf('debian', 'html');

  it('reads every version and date the selected elements state', async () => {
    const result = ok(await scrapeHtml(source(), harness.context({ scheme: 'debian' })));
    expect(result.releases.map((r) => [r.version, r.publishedAt?.toISOString().slice(0, 10)])).toEqual([
      ['13', '2025-08-09'], ['13.6', '2026-07-11'], ['12', '2023-06-10'], ['12.15', '2026-07-11'],
    ]);
  });

  it('returns not-modified on 304', async () => {
    const validators = createValidatorCache();
    await scrapeHtml(source(), harness.context({ validators }));
    const ctx = harness.context({ validators: createValidatorCache(validators.pending()) });
    expect(await scrapeHtml(source(), ctx)).toEqual({ status: 'not-modified' });
    expect(harness.upstream.requests.at(-1)).toMatchObject({ conditional: true, status: 304 });
  });

  it('fails with a clear error when the markup changed', async () => {
    harness.upstream.inject({ path: '/www.debian.org/releases/', fault: { kind: 'changed-html' } });
    await expect(scrapeHtml(source(), harness.context())).rejects.toThrow('selector "#content p" matches nothing; has the page changed?');
  });

  it('retries a 503 with Retry-After, then fails with the status', async () => {
    harness.upstream.inject({ path: '/www.debian.org/releases/', fault: { kind: 'status', status: 503 } });
    const ctx = harness.context();
    await expect(scrapeHtml(source(), ctx)).rejects.toThrow(/answered 503/);
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });

  it('gives up at once on a Retry-After beyond the cap', async () => {
    harness.upstream.inject({ path: '/www.debian.org/releases/', fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 3600 } });
    const ctx = harness.context();
    await expect(scrapeHtml(source(), ctx)).rejects.toThrow(/answered 429/);
    expect(ctx.requests()).toBe(1);
  });

  it('reads a directory listing through the href attribute', async () => {
    const listing: HtmlSource = Source.parse({
      kind: 'html', url: `${harness.upstream.url}/www.debian.org/releases/`, selector: 'a', attribute: 'href',
      include: '^(?<version>[a-z]+)/$', exclude: '^(?:stable|oldstable|testing)/$',
    }) as HtmlSource;
    const result = ok(await scrapeHtml(listing, harness.context()));
    expect(result.releases.map((r) => r.version)).toEqual(['forky', 'trixie', 'bookworm', 'bullseye']);
    expect(result.releases[0]!.url).toBe(`${harness.upstream.url}/www.debian.org/releases/forky/`);
  });
});

describe('json', () => {
  const php = (): JsonSource => sourceOf('php', 'json');
  const mariadb = (): JsonSource => sourceOf('mariadb', 'json');

  it('reads an object keyed by version with dates and security tags (php.net)', async () => {
    const result = ok(await scrapeJson(php(), harness.context()));
    const release = result.releases.find((r) => r.version === '8.3.14')!;
    expect(release).toMatchObject({ security: true, publishedAt: new Date('2024-11-21T00:00:00Z') });
  });

  it('reads a list with a status marking pre-GA releases (MariaDB)', async () => {
    const result = ok(await scrapeJson(mariadb(), harness.context()));
    expect(result.releases.find((r) => r.version === '11.4.1')).toMatchObject({ prerelease: true });
    expect(result.releases.find((r) => r.version === '11.4.4')).toMatchObject({ prerelease: false });
  });

  it('returns not-modified on 304', async () => {
    const validators = createValidatorCache();
    await scrapeJson(php(), harness.context({ validators }));
    expect(await scrapeJson(php(), harness.context({ validators: createValidatorCache(validators.pending()) }))).toEqual({ status: 'not-modified' });
  });

  it('fails with a clear error on malformed JSON', async () => {
    harness.upstream.inject({ path: '/www.php.net/releases/index.php', fault: { kind: 'malformed-json' } });
    await expect(scrapeJson(php(), harness.context())).rejects.toThrow(/releases\/index\.php\?json&max=-1&version=8: malformed JSON/);
  });

  it('fails with a clear error when the list moved', async () => {
    harness.upstream.inject({ path: '/downloads.mariadb.org/rest-api/mariadb/all-releases/', fault: { kind: 'empty' } });
    await expect(scrapeJson(mariadb(), harness.context())).rejects.toThrow('no list or object at "releases"; has the format changed?');
  });

  it('retries a 429 and goes on once it clears', async () => {
    harness.upstream.inject({ path: '/www.php.net/releases/index.php', fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 0 }, times: 2 });
    const ctx = harness.context();
    expect(ok(await scrapeJson(php(), ctx)).releases.length).toBeGreaterThan(100);
    expect(ctx.requests()).toBe(3);
  });

  it('fails after a hung endpoint timed out on every attempt', async () => {
    harness.upstream.inject({ path: '/www.php.net/releases/index.php', fault: { kind: 'hang' } });
    const ctx = harness.context();
    await expect(scrapeJson(php(), ctx)).rejects.toThrow(/timed out after/);
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });
});
