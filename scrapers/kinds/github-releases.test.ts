// The github-releases kind against the recorded GitHub API: dates, flags, titles and notes; 304;
// an entry of the wrong shape.
import { describe, expect, it } from 'vitest';
import { createValidatorCache } from '../http/validator-cache.ts';
import { found, sourceOf, useWatchHarness } from '../../test/upstream/watch-harness.ts';
import { githubReleases } from './github-releases.ts';

const harness = useWatchHarness();
const source = () => sourceOf(harness().catalog, 'matomo', 'github-releases');

describe('github-releases', () => {
  it('reads dates, prerelease and draft flags, titles and notes', async () => {
    const result = found(await githubReleases.scrape(source(), harness().context()));
    const byTag = new Map(result.releases.map((r) => [r.tag, r]));
    expect(byTag.get('5.2.0-b5')).toMatchObject({ prerelease: true, draft: false, publishedAt: new Date('2024-10-21T12:00:00Z') });
    expect(byTag.get('5.2.1')).toMatchObject({ draft: true, publishedAt: null });
    expect(byTag.get('5.1.2')!.notes).toContain('CVE-2024-41953');
  });

  it('returns not-modified on 304', async () => {
    const validators = createValidatorCache();
    await githubReleases.scrape(source(), harness().context({ validators }));
    expect(await githubReleases.scrape(source(), harness().context({ validators: createValidatorCache(validators.pending()) }))).toEqual({ status: 'not-modified' });
  });

  it('drops and counts an entry of the wrong shape instead of failing', async () => {
    harness().upstream.prependGithub('matomo-org/matomo', 'releases', { tag_name: 42, draft: 'no' });
    const result = found(await githubReleases.scrape(source(), harness().context()));
    expect(result.dropped).toBe(1);
    expect(result.releases.length).toBeGreaterThan(10);
  });
});
