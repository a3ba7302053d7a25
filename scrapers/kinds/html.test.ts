// The html kind against the recorded Debian releases page: versions and dates, 304, changed
// markup, 5xx and Retry-After, a directory listing.
import { describe, expect, it } from 'vitest';
import { createValidatorCache } from '../http/validator-cache.ts';
import { exactly, found, sourceOf, testPolicy, useWatchHarness } from '../../test/upstream/watch-harness.ts';
import { html, HtmlSource } from './html.ts';

const harness = useWatchHarness();
const source = () => sourceOf(harness().catalog, 'debian', 'html');
const page = '/www.debian.org/releases/';

describe('html', () => {
  it('reads every version and date the selected elements state', async () => {
    const result = found(await html.scrape(source(), harness().context()));
    expect(result.releases.map((r) => [r.version, r.publishedAt?.toISOString().slice(0, 10)])).toEqual([
      ['13', '2025-08-09'], ['13.6', '2026-07-11'], ['12', '2023-06-10'], ['12.15', '2026-07-11'],
    ]);
  });

  it('returns not-modified on 304', async () => {
    const validators = createValidatorCache();
    await html.scrape(source(), harness().context({ validators }));
    const ctx = harness().context({ validators: createValidatorCache(validators.pending()) });
    expect(await html.scrape(source(), ctx)).toEqual({ status: 'not-modified' });
    expect(harness().upstream.requests.at(-1)).toMatchObject({ conditional: true, status: 304 });
  });

  it('fails with a clear error when the markup changed', async () => {
    harness().upstream.inject({ path: page, fault: { kind: 'changed-html' } });
    await expect(html.scrape(source(), harness().context())).rejects.toThrow(
      exactly(`${harness().upstream.url}${page}: selector "#content p" matches nothing; has the page changed?`),
    );
  });

  it('retries a 503, then fails with the status', async () => {
    harness().upstream.inject({ path: page, fault: { kind: 'status', status: 503 } });
    const ctx = harness().context();
    await expect(html.scrape(source(), ctx)).rejects.toThrow(exactly(`GET ${harness().upstream.url}${page} answered 503 Service Unavailable`));
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });

  it('gives up at once on a Retry-After beyond the cap', async () => {
    harness().upstream.inject({ path: page, fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 3600 } });
    const ctx = harness().context();
    await expect(html.scrape(source(), ctx)).rejects.toThrow(exactly(`GET ${harness().upstream.url}${page} answered 429 Too Many Requests`));
    expect(ctx.requests()).toBe(1);
  });

  it('reads a directory listing through the href attribute', async () => {
    const listing = HtmlSource.parse({
      kind: 'html', url: `${harness().upstream.url}${page}`, selector: 'a', attribute: 'href',
      include: '^(?<version>[a-z]+)/$', exclude: '^(?:stable|oldstable|testing)/$',
    });
    const result = found(await html.scrape(listing, harness().context()));
    expect(result.releases.map((r) => r.version)).toEqual(['forky', 'trixie', 'bookworm', 'bullseye']);
    expect(result.releases[0]!.url).toBe(`${harness().upstream.url}${page}forky/`);
  });
});
