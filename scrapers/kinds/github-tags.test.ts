// The github-tags kind against the recorded GitHub API: pagination, 304, stopping at known tags,
// an empty list, malformed JSON, 5xx and rate limits (primary and secondary).
import { describe, expect, it } from 'vitest';
import { createValidatorCache } from '../http/validator-cache.ts';
import { exactly, found, sourceOf, testPolicy, useWatchHarness } from '../../test/upstream/watch-harness.ts';
import { githubTags } from './github-tags.ts';

const harness = useWatchHarness();
const source = () => sourceOf(harness().catalog, 'nextcloud', 'github-tags');
const tags = '/repos/nextcloud/server/tags';

describe('github-tags', () => {
  it('follows Link pagination and reads every tag that include matches', async () => {
    const ctx = harness().context();
    const result = found(await githubTags.scrape(source(), ctx));
    expect(result.releases).toHaveLength(766);
    expect(result.releases[0]).toMatchObject({ version: '35.0.0beta4', tag: 'v35.0.0beta4', publishedAt: null });
    expect(result.releases[0]!.url).toBe(`${harness().upstream.url}/nextcloud/server/tree/v35.0.0beta4`);
    // 768 tags at GitHub's largest page of 100.
    expect(ctx.requests()).toBe(8);
    expect(harness().upstream.requests.map((r) => r.query)).toContain('per_page=100&page=8');
  });

  it('returns not-modified when the first page answers 304', async () => {
    const validators = createValidatorCache();
    await githubTags.scrape(source(), harness().context({ validators }));
    const ctx = harness().context({ validators: createValidatorCache(validators.pending()) });
    expect(await githubTags.scrape(source(), ctx)).toEqual({ status: 'not-modified' });
    expect(ctx.requests()).toBe(1);
  });

  it('sends the stored validators with the first page only', async () => {
    const stale = new Map([[`${harness().upstream.url}${tags}?per_page=100`, { etag: '"stale"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' }]]);
    found(await githubTags.scrape(source(), harness().context({ validators: createValidatorCache(stale) })));
    expect(harness().upstream.requests.map((r) => r.conditional)).toEqual([true, false, false, false, false, false, false, false]);
  });

  it('stops paging at the first page holding only known tags', async () => {
    const all = found(await githubTags.scrape(source(), harness().context()));
    const ctx = harness().context({ known: new Set(all.releases.map((r) => r.tag!)) });
    const result = found(await githubTags.scrape(source(), ctx));
    expect(ctx.requests()).toBe(1);
    expect(result.partial).toBe(true);
  });

  it('fails clearly on an empty list', async () => {
    harness().upstream.inject({ path: tags, fault: { kind: 'empty' } });
    await expect(githubTags.scrape(source(), harness().context())).rejects.toThrow(exactly('GitHub nextcloud/server lists no tags'));
  });

  it('fails with a clear error on malformed JSON', async () => {
    harness().upstream.inject({ path: tags, fault: { kind: 'malformed-json' } });
    await expect(githubTags.scrape(source(), harness().context())).rejects.toThrow(exactly('GitHub nextcloud/server tags: malformed JSON'));
  });

  it('retries a 5xx, then fails with the status and GitHub\'s message', async () => {
    harness().upstream.inject({ path: tags, fault: { kind: 'status', status: 500 } });
    const ctx = harness().context();
    await expect(githubTags.scrape(source(), ctx)).rejects.toThrow(exactly('GitHub nextcloud/server tags answered 500: Server Error'));
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });

  it('waits out a secondary rate limit (429, retry-after) and goes on', async () => {
    harness().upstream.inject({ path: tags, fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 2 }, times: 1 });
    const ctx = harness().context();
    expect(found(await githubTags.scrape(source(), ctx)).releases).toHaveLength(766);
    expect(harness().log.lines.some((l) => l.message === 'GitHub rate limit hit')).toBe(true);
  });

  it('fails after the bounded retries when the rate limit persists', async () => {
    harness().upstream.inject({ path: tags, fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 1 } });
    const ctx = harness().context();
    await expect(githubTags.scrape(source(), ctx)).rejects.toThrow(
      exactly('GitHub nextcloud/server tags answered 429: You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'),
    );
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });

  it('waits the minute GitHub asks for after a secondary rate limit (403) that names no wait, and goes on', async () => {
    harness().upstream.inject({ path: tags, fault: { kind: 'rate-limit', status: 403, secondary: true }, times: 1 });
    const ctx = harness().context();
    expect(found(await githubTags.scrape(source(), ctx)).releases).toHaveLength(766);
    expect(harness().log.lines.filter((l) => l.message === 'GitHub rate limit hit').at(-1)?.meta).toMatchObject({ limit: 'secondary', retryAfter: 60, retrying: true });
  });

  it('fails after the bounded retries when a secondary rate limit (403) persists', async () => {
    harness().upstream.inject({ path: tags, fault: { kind: 'rate-limit', status: 403, secondary: true } });
    const ctx = harness().context();
    await expect(githubTags.scrape(source(), ctx)).rejects.toThrow(
      exactly('GitHub nextcloud/server tags answered 403: You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'),
    );
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });

  it('waits for the primary rate limit to reset (403, x-ratelimit-remaining 0), then fails after the bounded retries', async () => {
    harness().upstream.inject({ path: tags, fault: { kind: 'rate-limit', status: 403, resetInSeconds: 1 } });
    const ctx = harness().context();
    await expect(githubTags.scrape(source(), ctx)).rejects.toThrow(/^GitHub nextcloud\/server tags answered 403: API rate limit exceeded for 127\.0\.0\.1\./);
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });

  it('gives up at once on a primary rate limit that resets beyond the cap', async () => {
    harness().upstream.inject({ path: tags, fault: { kind: 'rate-limit', status: 403, resetInSeconds: 3600 } });
    const ctx = harness().context();
    await expect(githubTags.scrape(source(), ctx)).rejects.toThrow(/^GitHub nextcloud\/server tags answered 403: /);
    expect(ctx.requests()).toBe(1);
  });

});
