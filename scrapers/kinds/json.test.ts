// The json kind against the recorded php.net and MariaDB endpoints: keyed objects and lists with
// markers, 304, malformed JSON, a moved list, 429 and a hung endpoint.
import { describe, expect, it } from 'vitest';
import { createValidatorCache } from '../http/validator-cache.ts';
import { exactly, found, sourceOf, testPolicy, useWatchHarness } from '../../test/upstream/watch-harness.ts';
import { json } from './json.ts';

const harness = useWatchHarness();
const php = () => sourceOf(harness().catalog, 'php', 'json');
const mariadb = () => sourceOf(harness().catalog, 'mariadb', 'json');

describe('json', () => {
  it('reads an object keyed by version with dates and security tags (php.net)', async () => {
    const result = found(await json.scrape(php(), harness().context()));
    const release = result.releases.find((r) => r.version === '8.3.14')!;
    expect(release).toMatchObject({ security: true, publishedAt: new Date('2024-11-21T00:00:00Z') });
  });

  it('reads a list with a status marking pre-GA releases (MariaDB)', async () => {
    const result = found(await json.scrape(mariadb(), harness().context()));
    expect(result.releases.find((r) => r.version === '11.4.1')).toMatchObject({ prerelease: true });
    expect(result.releases.find((r) => r.version === '11.4.4')).toMatchObject({ prerelease: false });
  });

  it('returns not-modified on 304', async () => {
    const validators = createValidatorCache();
    await json.scrape(php(), harness().context({ validators }));
    expect(await json.scrape(php(), harness().context({ validators: createValidatorCache(validators.pending()) }))).toEqual({ status: 'not-modified' });
  });

  it('fails with a clear error on malformed JSON', async () => {
    harness().upstream.inject({ path: '/www.php.net/releases/index.php', fault: { kind: 'malformed-json' } });
    await expect(json.scrape(php(), harness().context())).rejects.toThrow(/releases\/index\.php\?json&max=-1&version=8: malformed JSON/);
  });

  it('fails with a clear error when the list moved', async () => {
    harness().upstream.inject({ path: '/downloads.mariadb.org/rest-api/mariadb/all-releases/', fault: { kind: 'empty' } });
    await expect(json.scrape(mariadb(), harness().context())).rejects.toThrow(
      exactly(`${mariadb().url}: no list or object at "releases"; has the format changed?`),
    );
  });

  it('retries a 429 and goes on once it clears', async () => {
    harness().upstream.inject({ path: '/www.php.net/releases/index.php', fault: { kind: 'rate-limit', status: 429, retryAfterSeconds: 0 }, times: 2 });
    const ctx = harness().context();
    expect(found(await json.scrape(php(), ctx)).releases.length).toBeGreaterThan(100);
    expect(ctx.requests()).toBe(3);
  });

  it('fails after a hung endpoint timed out on every attempt', async () => {
    harness().upstream.inject({ path: '/www.php.net/releases/index.php', fault: { kind: 'hang' } });
    const ctx = harness().context();
    await expect(json.scrape(php(), ctx)).rejects.toThrow(exactly(`GET ${php().url} timed out after ${testPolicy.timeoutMs} ms`));
    expect(ctx.requests()).toBe(1 + testPolicy.retries);
  });
});
